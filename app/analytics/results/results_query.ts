import vine from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'

export const DEFAULT_DAYS = 7

/** `days`: the attribution window, whole days from 1 to 90 (a query string gives text: "7"). */
const daysValidator = vine.compile(vine.object({ days: vine.number().withoutDecimals().range([1, 90]).optional() }))

export type AskedResults = { ok: true; days: number } | { ok: false; days: string; errors: Record<string, string[]> }

/** The window asked for (7 days when absent), or the field's error in the reader's language. */
export async function askedResults(query: Record<string, unknown>, i18n: I18n): Promise<AskedResults> {
  // One value only: `days[]=7` would pass as a number (Number(['7']) is 7).
  const days = query.days === '' ? undefined : typeof query.days === 'string' || query.days === undefined ? query.days : Number.NaN
  const [error, input] = await daysValidator.tryValidate({ days })
  if (error) return { ok: false, days: typeof query.days === 'string' ? query.days.slice(0, 12) : '', errors: { days: [i18n.t('results.errors.days')] } }
  return { ok: true, days: input.days ?? DEFAULT_DAYS }
}
