import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/**
 * A real SMTP server for the suite (on SMTP_PORT, which the app's pooled
 * transport uses): every message is parsed and kept. `refuseNext` makes
 * the server answer the next messages with an SMTP error, to test how
 * sending treats temporary (4xx) and permanent (5xx) refusals;
 * `holdNextMailTo` keeps a message but withholds the reply to its DATA.
 */
export interface ReceivedMail {
  to: string[]
  parsed: ParsedMail
  headers: Map<string, unknown>
  raw: string
}

const received: ReceivedMail[] = []
const refusals: number[] = []
interface Hold {
  arrive: () => void
  release: () => void
  released: Promise<void>
}
/** Holds waiting for a message to their address; holds whose message came, replying on release. */
const holds = new Map<string, Hold>()
const heldReplies = new Set<Hold>()
let server: SMTPServer | null = null

export async function startSmtpSink() {
  server = new SMTPServer({
    authOptional: true,
    // The app's pooled connections stay open; at the end of the run do not wait 30 s for them.
    closeTimeout: 200,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const code = refusals.shift()
        if (code) {
          const error = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number }
          error.responseCode = code
          return callback(error)
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        const parsed = await simpleParser(raw)
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address)
        received.push({ to, parsed, headers: parsed.headers, raw })
        const held = to.find((address) => holds.has(address))
        if (held) {
          const hold = holds.get(held)!
          holds.delete(held)
          heldReplies.add(hold)
          hold.arrive()
          await hold.released
        }
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server!.listen(Number(process.env.SMTP_PORT), '127.0.0.1', resolve))
}

export async function stopSmtpSink() {
  for (const hold of [...holds.values(), ...heldReplies]) hold.release()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
}

export function mailsTo(address: string) {
  return received.filter((mail) => mail.to.includes(address))
}

export function refuseNext(...codes: number[]) {
  refusals.push(...codes)
}

/**
 * The next message to `address` is kept (it counts as received: the
 * mailbox has it) but the reply to its DATA waits until `release()`: the
 * sender is mid-send, and one that dies meanwhile never learns it was taken.
 * A reply released after the client went away is dropped.
 */
export function holdNextMailTo(address: string) {
  let arrive!: () => void
  let release!: () => void
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const hold: Hold = {
    arrive,
    released,
    release: () => {
      if (holds.get(address) === hold) holds.delete(address)
      heldReplies.delete(hold)
      release()
    },
  }
  holds.set(address, hold)
  return { arrived, release: hold.release }
}

export function clearRefusals() {
  refusals.length = 0
}

/** The unsubscribe URL of a received message, from its raw List-Unsubscribe header. */
export function unsubscribeLinkOf(mail: ReceivedMail) {
  const match = mail.raw.match(/^List-Unsubscribe: <(https?:\/\/[^>]+)>/im)
  if (!match) throw new Error('the message has no List-Unsubscribe URL')
  return match[1]
}

export function rawHeader(mail: ReceivedMail, name: string) {
  return mail.raw.match(new RegExp(`^${name}: (.*)$`, 'im'))?.[1]?.trim() ?? null
}
