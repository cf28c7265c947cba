import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { DateTime } from 'luxon'
import Store from '#stores/models/store'

/**
 * Times the owner types and reads in the privacy pages: the business's
 * clock (the default store's timezone), written as `<input
 * type="datetime-local">` does ("2026-03-29T02:30"), stored as UTC.
 */
export async function businessTimezone() {
  const store: Store | undefined = await Store.defaultStore()
  return store?.timezone ?? 'Europe/Paris'
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/

/** "2026-03-29T14:05" in that zone, or null when it is not a real moment (30 February, 25:00). */
export function parseLocalDateTime(text: string, zone: string): DateTime | null {
  if (!LOCAL_DATE_TIME.test(text)) return null
  const moment = DateTime.fromISO(text, { zone })
  return moment.isValid && moment.year >= 2000 && moment.year <= 2100 ? moment.toUTC() : null
}

/** An instant as the value of a datetime-local input, in that zone. */
export function localInputValue(moment: DateTime | null, zone: string) {
  return moment ? moment.setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm") : ''
}

/** A datetime-local value that names a real moment; the zone is applied later, by parseLocalDateTime. */
const localDateTimeRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value === 'string' && !parseLocalDateTime(value, 'utc')) field.report('Not a date and time', 'datetime', field)
})

export const localDateTime = () => vine.string().trim().maxLength(19).use(localDateTimeRule())
