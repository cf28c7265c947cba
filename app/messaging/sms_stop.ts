import db from '@adonisjs/lucid/services/db'
import { changeMarketingConsent } from '#privacy/change_consent'
import { normalizePhone } from '#customers/phone'

/** STOP, ARRET, ARRÊT, UNSUBSCRIBE… as the first word of a reply, whatever the case. */
const STOP_WORDS = /^\s*(stop|arr[eê]t|arreter|arrêter|unsubscribe|desabonner|désabonner)\b/i

export function isStopReply(text: string) {
  return STOP_WORDS.test(text)
}

/**
 * A customer replied STOP to an SMS: SMS marketing consent is withdrawn at
 * once (consent record with the provider as evidence); messages already
 * queued check it when they are sent. Unknown numbers change nothing.
 * Returns whether a customer was unsubscribed now.
 */
export async function withdrawSmsConsentByReply(from: string, text: string, provider: string): Promise<boolean> {
  if (!isStopReply(text)) return false
  const phone = normalizePhone(from.startsWith('+') || from.startsWith('0') ? from : `+${from}`)
  if (!phone) return false
  const customer = await db.from('customers').where('phone_e164', phone).whereNull('erased_at').select('id').first()
  if (!customer) return false
  return changeMarketingConsent({ customerId: Number(customer.id), purpose: 'sms_marketing', granted: false, source: 'sms_stop', evidence: `STOP reply via ${provider}` })
}
