import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { composeEmail, type ComposedEmail } from '#messaging/email_layout'
import type { Recipient } from '#messaging/merge_values'
import type { MergeScope } from '#messaging/templates/merge_fields'
import { renderBody, renderPlain } from '#messaging/templates/message_body'

export interface TemplateRow {
  subject: string | null
  body: string
}

/** The template of a source and channel in the recipient's language, else French, else English. */
export async function templateFor(source: { type: string; id: number }, channel: 'email' | 'sms', locale: string): Promise<TemplateRow | null> {
  const rows = await db
    .from('message_templates')
    .where({ source_type: source.type, source_id: source.id, channel })
    .select('locale', 'subject', 'body')
  return rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === 'fr') ?? rows[0] ?? null
}

export async function composeEmailFor(template: TemplateRow, scope: MergeScope, recipient: Recipient, unsubscribeUrl: string): Promise<ComposedEmail> {
  const subject = renderPlain(template.subject ?? '', scope).replace(/\s+/g, ' ').slice(0, 200)
  return composeEmail(recipient.sender, subject, renderBody(template.body, scope), unsubscribeUrl)
}

/** The SMS text: the store's name first (who writes), then the message, then how to stop — which no template can remove. */
export function composeSmsFor(template: TemplateRow, scope: MergeScope, recipient: Recipient): string {
  const stop = i18nManager.locale(recipient.locale).t('messaging.sms.stop')
  return `${recipient.sender.storeName} : ${renderPlain(template.body, scope)}\n${stop}`
}
