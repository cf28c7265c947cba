import { Socket } from 'node:net'
import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'
import { DevMailTransport } from '#messaging/transports/dev_mail_transport'

/**
 * SMTP_HOST set: a pooled SMTP transport (long-lived connections, one per
 * concurrent send of the messages worker, as many messages each as they
 * last). Not set (development, the demo): messages are kept in the
 * database and shown on the outbox page (/admin/outbox).
 */
const smtpHost = env.get('SMTP_HOST')
const smtpUser = env.get('SMTP_USER')
const implicitTls = env.get('SMTP_PORT') === 465

/**
 * The sockets nodemailer 6 opens keep Nagle's algorithm on: each SMTP
 * command then waits for the delayed ACK of the last one (~40 ms on Linux),
 * which held a connection to ~20 messages/s. A socket with no delay,
 * connected by nodemailer itself (STARTTLS upgrades it as usual; port 465
 * keeps nodemailer's own TLS socket).
 */
function socketWithoutDelay(_options: unknown, callback: (error: Error | null, socket: { socket: Socket }) => void) {
  const socket = new Socket()
  socket.setNoDelay(true)
  callback(null, { socket })
}

const mailConfig = defineConfig({
  default: smtpHost ? 'smtp' : 'dev',
  from: env.get('MAIL_FROM') ?? 'Comptoir <no-reply@localhost>',
  mailers: {
    smtp: transports.smtp({
      host: smtpHost ?? '127.0.0.1',
      port: env.get('SMTP_PORT') ?? 587,
      secure: implicitTls,
      auth: smtpUser ? { type: 'login', user: smtpUser, pass: env.get('SMTP_PASSWORD') ?? '' } : undefined,
      pool: true,
      // The messages worker sends 16 at a time (app/shared/workers.ts): one connection each.
      maxConnections: 16,
      maxMessages: Number.POSITIVE_INFINITY,
      ...(implicitTls ? {} : { getSocket: socketWithoutDelay }),
    } as Parameters<typeof transports.smtp>[0]),
    dev: () => new DevMailTransport(),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
