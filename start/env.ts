/*
 * Environment variables, validated at boot. DESIGN.md lists the public ones.
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.string(),
  APP_URL: Env.schema.string.optional(),
  TZ: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  SQLITE_SYNCHRONOUS: Env.schema.enum.optional(['FULL', 'NORMAL'] as const),
  DATABASE_URL: Env.schema.string.optional(),
  REDIS_URL: Env.schema.string.optional(),
  QUEUE_PREFIX: Env.schema.string.optional(),

  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory'] as const),

  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  SMS_DRIVER: Env.schema.enum.optional(['dev', 'brevo', 'twilio'] as const),
  SMS_WEBHOOK_SECRET: Env.schema.string.optional(),
  BREVO_API_KEY: Env.schema.string.optional(),
  BREVO_API_URL: Env.schema.string.optional(),
  TWILIO_ACCOUNT_SID: Env.schema.string.optional(),
  TWILIO_AUTH_TOKEN: Env.schema.string.optional(),
  TWILIO_FROM: Env.schema.string.optional(),
  TWILIO_MESSAGING_SERVICE_SID: Env.schema.string.optional(),
  TWILIO_API_URL: Env.schema.string.optional(),
  CHROMIUM_PATH: Env.schema.string.optional(),
  // Where erasures are journalled outside the database, to re-apply them after a restore.
  ERASURE_JOURNAL_PATH: Env.schema.string.optional(),

  COMPTOIR_ROLES: Env.schema.string.optional(),
  TRUSTED_PROXIES: Env.schema.string.optional(),
})
