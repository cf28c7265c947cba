import i18nManager from '@adonisjs/i18n/services/main'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { sendServiceMail } from '#privacy/service_mail'
import { formatDate } from '#shared/format'
import type { PrivacyRequestRow } from '#privacy/requests/privacy_requests'

export interface AnswerRecipient {
  email: string | null
  firstName: string | null
  locale: string
  storeName: string
}

const CNIL_COMPLAINT = 'https://www.cnil.fr/fr/plaintes'

/**
 * Tells the customer what became of their request (a service message,
 * not marketing): done, refused (with the reason and the right to complain
 * to the CNIL), or extended (with the reason and the new date). Someone
 * without an e-mail is answered by the channel they used; the owner sees
 * that on the request. True when a mail went out.
 */
export async function mailRequestAnswer(recipient: AnswerRecipient, request: PrivacyRequestRow, answerKey: string, note: string | null, values: Record<string, string> = {}) {
  if (!recipient.email) return false
  const i18n = i18nManager.locale(recipient.locale)
  try {
    await sendServiceMail({
      to: recipient.email,
      locale: recipient.locale,
      storeName: recipient.storeName,
      subjectKey: 'privacy_requests.mail.answer_subject',
      bodyKey: `privacy_requests.mail.${answerKey}`,
      ctaKey: 'privacy_requests.mail.cta',
      firstName: recipient.firstName,
      link: `${appUrl}/portal/requests`,
      extra: {
        type: i18n.t(`privacy_requests.types.${request.type}`),
        received: formatDate(request.receivedAt, 'Europe/Paris', recipient.locale),
        due: formatDate(request.dueAt, 'Europe/Paris', recipient.locale),
        note: note?.trim() ?? '',
        cnil: CNIL_COMPLAINT,
        ...values,
      },
    })
    return true
  } catch (error) {
    logger.warn({ err: error, request: request.publicId }, 'privacy request: the answer mail was not sent')
    return false
  }
}
