import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'
import { DevMailTransport } from '#messaging/transports/dev_mail_transport'

/**
 * SMTP_HOST set: a pooled SMTP transport (a few long-lived connections,
 * many messages each). Not set (development, the demo): messages are kept
 * in the database and shown on the outbox page (/admin/outbox).
 */
const smtpHost = env.get('SMTP_HOST')
const smtpUser = env.get('SMTP_USER')

const mailConfig = defineConfig({
  default: smtpHost ? 'smtp' : 'dev',
  from: env.get('MAIL_FROM') ?? 'Comptoir <no-reply@localhost>',
  mailers: {
    smtp: transports.smtp({
      host: smtpHost ?? '127.0.0.1',
      port: env.get('SMTP_PORT') ?? 587,
      secure: env.get('SMTP_PORT') === 465,
      auth: smtpUser ? { type: 'login', user: smtpUser, pass: env.get('SMTP_PASSWORD') ?? '' } : undefined,
      pool: true,
      maxConnections: 5,
      maxMessages: 1000,
    }),
    dev: () => new DevMailTransport(),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
