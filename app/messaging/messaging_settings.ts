import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#shared/db_time'

const clock = () => vine.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

/** Guards shared by every animation and campaign; the owner edits them (defaults below). */
export const settingsSchema = vine.object({
  /** At most `count` marketing messages per customer in any `days` days, all animations together. */
  frequency_cap: vine.object({ count: vine.number().withoutDecimals().range([1, 50]), days: vine.number().withoutDecimals().range([1, 90]) }),
  /** No message between start and end, store time (start after end: over midnight). */
  quiet_hours: vine.object({ start: clock(), end: clock() }).nullable(),
  /** SMS only on these weekdays (1 Monday … 7 Sunday), between start and end, store time. */
  sms_window: vine.object({
    days: vine.array(vine.number().withoutDecimals().range([1, 7])).minLength(1).maxLength(7).distinct(),
    start: clock(),
    end: clock(),
    skip_public_holidays: vine.boolean(),
  }),
  /** The sender name shown on SMS (letters and digits, 11 at most). */
  sms_sender: vine.string().trim().regex(/^[A-Za-z0-9]{3,11}$/),
})

export type MessagingSettings = Infer<typeof settingsSchema>

/** French practice for commercial SMS: Monday to Saturday, 8:00 to 20:00, never on a public holiday. */
export const DEFAULT_SETTINGS: MessagingSettings = {
  frequency_cap: { count: 2, days: 7 },
  quiet_hours: { start: '21:00', end: '08:00' },
  sms_window: { days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '20:00', skip_public_holidays: true },
  sms_sender: 'COMPTOIR',
}

export const validateSettings = vine.compile(settingsSchema)

export async function loadMessagingSettings(): Promise<MessagingSettings> {
  const row = await db.from('messaging_settings').where('id', 1).first()
  return settingsFrom(row?.settings ?? null)
}

let lastParsed: { json: string | null; settings: MessagingSettings } = { json: null, settings: DEFAULT_SETTINGS }

/** The settings stored as JSON (none: the defaults); the last one parsed is kept, as every send reads them. */
export function settingsFrom(json: string | null): MessagingSettings {
  if (json !== lastParsed.json) lastParsed = { json, settings: json === null ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, ...JSON.parse(json) } }
  return lastParsed.settings
}

export async function saveMessagingSettings(settings: MessagingSettings) {
  const values = { settings: JSON.stringify(settings), updated_at: dbTimestamp(DateTime.utc()) }
  await db.rawQuery('INSERT INTO messaging_settings (id, settings, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at', [values.settings, values.updated_at])
}
