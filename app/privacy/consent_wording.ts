import { createHash } from 'node:crypto'
import i18nManager from '@adonisjs/i18n/services/main'

/** What a person agrees to when they join: the programme's terms (a contract), and each marketing channel (consent). */
export const JOIN_PURPOSES = ['loyalty_membership', 'email_marketing', 'sms_marketing', 'personalisation', 'review_requests'] as const
export type JoinPurpose = (typeof JOIN_PURPOSES)[number]

const WORDING_KEYS: Record<JoinPurpose, string> = {
  loyalty_membership: 'privacy.consent.membership',
  email_marketing: 'privacy.consent.email_marketing',
  sms_marketing: 'privacy.consent.sms_marketing',
  personalisation: 'privacy.consent.personalisation',
  review_requests: 'privacy.consent.review_requests',
}

export interface Wording {
  text: string
  /** `purpose.locale:sha256` of the exact text shown (≤ 64 characters): the proof names the words, not just a date. */
  version: string
}

/** The sentence shown next to a box, in the language it was shown in, and the version that names it. */
export function wordingOf(purpose: JoinPurpose, locale: string, storeName: string): Wording {
  const text = i18nManager.locale(locale).t(WORDING_KEYS[purpose], { store: storeName })
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 40)
  return { text, version: `${purpose}.${locale}:${hash}` }
}
