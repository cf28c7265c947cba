import { BrevoSmsDriver } from '#messaging/transports/sms/brevo_sms_driver'
import { DevSmsDriver } from '#messaging/transports/sms/dev_sms_driver'
import type { SmsDriver } from '#messaging/transports/sms/sms_driver'
import { TwilioSmsDriver } from '#messaging/transports/sms/twilio_sms_driver'

export const SMS_DRIVERS = ['dev', 'brevo', 'twilio'] as const

let current: SmsDriver | null = null

/**
 * The driver SMS_DRIVER names (dev by default; start/env.ts validates the
 * name at boot); a missing credential fails the first send with its name.
 * Read from process.env so a test can switch drivers (then resetSmsDriver()).
 */
export function smsDriver(): SmsDriver {
  current ??= makeDriver(process.env.SMS_DRIVER ?? 'dev')
  return current
}

function makeDriver(name: string): SmsDriver {
  const required = (key: string) => {
    const value = process.env[key]
    if (!value) throw new Error(`SMS_DRIVER=${name} needs ${key}`)
    return value
  }
  switch (name) {
    case 'dev':
      return new DevSmsDriver()
    case 'brevo':
      return new BrevoSmsDriver({ apiKey: required('BREVO_API_KEY'), baseUrl: process.env.BREVO_API_URL ?? 'https://api.brevo.com' })
    case 'twilio':
      return new TwilioSmsDriver({
        accountSid: required('TWILIO_ACCOUNT_SID'),
        authToken: required('TWILIO_AUTH_TOKEN'),
        from: process.env.TWILIO_FROM ?? null,
        messagingServiceSid: process.env.TWILIO_MESSAGING_SERVICE_SID ?? null,
        baseUrl: process.env.TWILIO_API_URL ?? 'https://api.twilio.com',
      })
    default:
      throw new Error(`SMS_DRIVER: unknown driver ${name}; use ${SMS_DRIVERS.join(', ')}`)
  }
}

/** Tests switch drivers between cases. */
export function resetSmsDriver() {
  current = null
}
