import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import Store from '#stores/models/store'
import { askedPeriod, businessTimezone } from '#loyalty/reports/liability_period'
import type { DashboardPeriod } from '#analytics/dashboard_figures'

const storeValidator = vine.compile(vine.object({ store: vine.string().trim().maxLength(64).regex(/^[a-z0-9-]*$/).optional() }))

export type AskedDashboard =
  | { ok: true; period: DashboardPeriod & { today: string }; store: Store | null; timezone: string; stores: Store[] }
  | { ok: false; values: Record<string, unknown>; errors: Record<string, string[]>; timezone: string; stores: Store[] }

/**
 * The dashboard's question from the query string: the period (`from`,
 * `to`, the liability report's rules: this month so far by default, no
 * future day, at most 10 years) and the store (`store` = slug; absent or
 * empty: every store). Field errors for anything else.
 */
export async function askedDashboard(query: Record<string, unknown>, i18n: I18n): Promise<AskedDashboard> {
  const timezone = await businessTimezone()
  const stores = await Store.query().whereNull('archivedAt').orderBy('isDefault', 'desc').orderBy('name')
  const period = await askedPeriod(query, timezone, i18n)
  const [storeError, input] = await storeValidator.tryValidate({ store: query.store })
  const store = input?.store ? (stores.find((candidate) => candidate.slug === input.store) ?? null) : null
  const storeProblem: Record<string, string[]> = storeError || (input?.store && !store) ? { store: [i18n.t('analytics.errors.store')] } : {}
  if (!period.ok || Object.keys(storeProblem).length > 0) {
    return { ok: false, values: { from: query.from, to: query.to, store: query.store }, errors: { ...(period.ok ? {} : period.errors), ...storeProblem }, timezone, stores }
  }
  // Today in the chosen store's calendar, or the business's for every store.
  const today = DateTime.now().setZone(store?.timezone ?? timezone).toISODate()!
  return { ok: true, period: { fromOn: period.period.fromOn, toOn: period.period.toOn, storeId: store?.id ?? null, today }, store, timezone, stores }
}
