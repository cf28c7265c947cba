import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/**
 * A real SMTP server for the suite (on SMTP_PORT, which the app's pooled
 * transport uses): every message is parsed and kept. `refuseNext` makes
 * the server answer the next messages with an SMTP error, to test how
 * sending treats temporary (4xx) and permanent (5xx) refusals.
 */
export interface ReceivedMail {
  to: string[]
  parsed: ParsedMail
  headers: Map<string, unknown>
  raw: string
}

const received: ReceivedMail[] = []
const refusals: number[] = []
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
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), parsed, headers: parsed.headers, raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server!.listen(Number(process.env.SMTP_PORT), '127.0.0.1', resolve))
}

export async function stopSmtpSink() {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
}

export function mailsTo(address: string) {
  return received.filter((mail) => mail.to.includes(address))
}

export function refuseNext(...codes: number[]) {
  refusals.push(...codes)
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
