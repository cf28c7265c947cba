import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { composeEmail, type ComposedEmail } from '#messaging/email_layout'
import type { Recipient } from '#messaging/merge_values'
import type { MergeScope } from '#messaging/templates/merge_fields'
import { fieldGroupsIn } from '#messaging/templates/liquid_sandbox'
import { renderBody, renderPlain } from '#messaging/templates/message_body'

export interface TemplateRow {
  subject: string | null
  body: string
}

export interface Template extends TemplateRow {
  /** The merge field groups it may name (merge_fields.ts): the others need not be read. */
  uses: ReadonlySet<string>
}

/** A source's templates for a channel by version (saving them writes new rows): a campaign reads them once per process, not once per message. */
const byVersion = new Map<string, Array<Template & { locale: string }>>()
const MAX_CACHED = 500

/**
 * The template of a source and channel in the recipient's language, else
 * French, else English; with `version` (their highest row id, read with the
 * delivery), from the cache when it is that version.
 */
export async function templateFor(source: { type: string; id: number }, channel: 'email' | 'sms', locale: string, version?: number | null): Promise<Template | null> {
  const key = `${source.type}:${source.id}:${channel}:${version}`
  let rows = version ? byVersion.get(key) : undefined
  if (!rows) {
    const stored = await db.from('message_templates').where({ source_type: source.type, source_id: source.id, channel }).select('locale', 'subject', 'body')
    rows = stored.map((row) => ({ locale: row.locale, subject: row.subject, body: row.body, uses: fieldGroupsIn(row.subject ?? '', row.body) }))
    if (version) {
      if (byVersion.size >= MAX_CACHED) byVersion.clear()
      byVersion.set(key, rows)
    }
  }
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
