/*
 * A local SMTP sink (smtp-server, as ../shared/tools/perf/smtp_sink.js):
 * accepts every message and discards it, counting them. Forked by run.js
 * (IPC): sends { port } once listening; answers { op: 'stats' } with the
 * count and the instants of the first and last message, { op: 'reset' }
 * zeroes them, { op: 'capture' } keeps the next message whole and answers
 * with it (to send the same message in the raw baseline).
 */
import { SMTPServer } from 'smtp-server'

let count = 0
let firstAt = 0
let lastAt = 0
let capture = null

const server = new SMTPServer({
  authOptional: true,
  disableReverseLookup: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  maxClients: 1000,
  closeTimeout: 200,
  onData(stream, session, callback) {
    const chunks = capture ? [] : null
    stream.on('data', (chunk) => chunks?.push(chunk))
    stream.on('end', () => {
      const now = Date.now()
      if (count === 0) firstAt = now
      count++
      lastAt = now
      if (chunks && capture) {
        capture({ raw: Buffer.concat(chunks).toString('utf8'), from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) })
        capture = null
      }
      callback()
    })
  },
})

process.on('message', ({ id, op }) => {
  if (op === 'stats') process.send({ id, value: { count, firstAt, lastAt } })
  if (op === 'reset') {
    count = 0
    firstAt = lastAt = 0
    process.send({ id, value: {} })
  }
  if (op === 'capture') capture = (message) => process.send({ id, value: message })
  if (op === 'exit') server.close(() => process.exit(0))
})
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }))
