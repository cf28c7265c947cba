import i18nManager from '@adonisjs/i18n/services/main'
import mail from '@adonisjs/mail/services/main'
import { escapeHtml } from '#messaging/templates/message_body'

export interface ServiceMail {
  to: string
  locale: string
  storeName: string
  subjectKey: string
  /** Translated with `{store}`, `{name}` (", Marie" or nothing) and `{link}`. */
  bodyKey: string
  ctaKey: string
  firstName: string | null
  link: string
  /** More values for the texts (a sign-in code). */
  extra?: Record<string, string>
}

/**
 * A service message (a confirmation or sign-in link, an answer to a
 * request): not marketing, so sent whatever the marketing consents, and
 * it says so (invariant 7). Plain text and simple HTML, escaped.
 */
export async function sendServiceMail(message: ServiceMail) {
  const i18n = i18nManager.locale(message.locale)
  const values = { ...message.extra, store: message.storeName, name: message.firstName ? ` ${message.firstName}` : '', link: message.link }
  const text = i18n.t(message.bodyKey, values)
  const footer = i18n.t('privacy.mail.transactional')
  const link = escapeHtml(message.link)
  const button = `<a href="${link}">${escapeHtml(i18n.t(message.ctaKey))}</a>`
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>').replace(link, button)}</p>`)
  const html = `<!DOCTYPE html><html lang="${escapeHtml(message.locale)}"><body style="font-family:Helvetica,Arial,sans-serif;line-height:1.5;color:#222">${paragraphs.join('')}<p style="font-size:12px;color:#555">${escapeHtml(footer)}<br>${escapeHtml(message.storeName)}</p></body></html>`
  await mail.send((mailMessage) => {
    mailMessage
      .to(message.to)
      .subject(i18n.t(message.subjectKey, values))
      .text(`${text}\n\n-- \n${footer}\n${message.storeName}\n`)
      .html(html)
      .header('Auto-Submitted', 'auto-generated')
  })
}
