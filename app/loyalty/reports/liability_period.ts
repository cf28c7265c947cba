import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import Store from '#stores/models/store'
import type { LiabilityPeriod } from '#loyalty/liability_report'

/**
 * The report's period from the query string (`from`, `to`: calendar days,
 * both included) in the business's timezone. Missing: this month so far.
 * Refused with field errors: a day that does not exist, `to` after today
 * (figures are not known yet), `from` after `to`, more than 10 years.
 */
export type AskedPeriod = { ok: true; period: LiabilityPeriod } | { ok: false; values: Record<string, unknown>; errors: Record<string, string[]> }

const MAX_YEARS = 10

/** A real day (2026-02-30 is not one), from 2000 on. */
const calendarDay = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const day = DateTime.fromISO(value, { zone: 'utc' })
  if (!day.isValid || day.year < 2000) field.report('Not a day', 'day', field)
})

const day = () => vine.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/).use(calendarDay()).optional()

export const liabilityPeriodValidator = vine.compile(vine.object({ from: day(), to: day() }))

/** The default store's timezone: the business's calendar. */
export async function businessTimezone() {
  const store: Store | undefined = await Store.defaultStore()
  return store?.timezone ?? 'Europe/Paris'
}

export function todayIn(timezone: string) {
  return DateTime.now().setZone(timezone).toISODate()!
}

export async function askedPeriod(query: Record<string, unknown>, timezone: string, i18n: I18n): Promise<AskedPeriod> {
  const messages = new SimpleMessagesProvider({ string: i18n.t('liability.validation.day'), regex: i18n.t('liability.validation.day'), day: i18n.t('liability.validation.day') })
  const [error, input] = await liabilityPeriodValidator.tryValidate(query, { messagesProvider: messages })
  const values = { from: query.from, to: query.to }
  if (error) return { ok: false, values, errors: errorsByField(error.messages as Array<{ field: string; message: string }>) }
  const toOn = input.to ?? todayIn(timezone)
  const fromOn = input.from ?? DateTime.fromISO(toOn, { zone: 'utc' }).startOf('month').toISODate()!
  const problem = periodProblem(fromOn, toOn, timezone)
  if (problem) return { ok: false, values, errors: { [problem.field]: [i18n.t(`liability.validation.${problem.rule}`, { years: MAX_YEARS })] } }
  return { ok: true, period: { fromOn, toOn, timezone } }
}

function periodProblem(fromOn: string, toOn: string, timezone: string): { field: 'from' | 'to'; rule: string } | null {
  if (toOn > todayIn(timezone)) return { field: 'to', rule: 'future' }
  if (fromOn > toOn) return { field: 'from', rule: 'order' }
  const last = DateTime.fromISO(fromOn, { zone: 'utc' }).plus({ years: MAX_YEARS }).minus({ days: 1 }).toISODate()!
  if (toOn > last) return { field: 'from', rule: 'span' }
  return null
}

function errorsByField(messages: Array<{ field: string; message: string }>) {
  const errors: Record<string, string[]> = {}
  for (const message of messages) (errors[message.field] ??= []).push(message.message)
  return errors
}

/** The form's shortcuts, in the business's calendar. */
export function periodPresets(timezone: string) {
  const today = DateTime.now().setZone(timezone).startOf('day')
  const lastMonth = today.minus({ months: 1 })
  const span = (from: DateTime, to: DateTime) => ({ from: from.toISODate()!, to: to.toISODate()! })
  return {
    this_month: span(today.startOf('month'), today),
    last_month: span(lastMonth.startOf('month'), lastMonth.endOf('month')),
    this_year: span(today.startOf('year'), today),
  }
}

export function periodQuery(period: { from: string; to: string }) {
  return new URLSearchParams({ from: period.from, to: period.to }).toString()
}
