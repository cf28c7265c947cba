import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { activeAnimations } from '#animations/active_animations'
import { WAKEUP_PRESETS } from '#animations/presets/wakeup'

/** How far ahead the dashboard warns: members who will reach the threshold within the next 14 days. */
export const DORMANT_NOTICE_DAYS = 14

export interface AboutToGoDormantSuggestion {
  kind: 'about_to_go_dormant'
  count: number
  /** Days without a purchase after which a member is dormant. */
  thresholdDays: number
  noticeDays: number
  /** The active wake-up animation, if any; else the suggestion offers its preset. */
  animationPublicId: string | null
  /** The customer list, filtered on those last visits (and the store). */
  customersLink: string
}

/**
 * Members still here whose last purchase was `threshold − 14` to
 * `threshold − 1` local days ago: the dormant wake-up reaches them within
 * two weeks (it fires on the day the threshold is reached, see
 * app/animations/triggers/daily_selectors.ts). The threshold is the active
 * wake-up animation's (the smallest if several apply; read through the
 * animations' (status, kind) index), else its preset's.
 */
export async function aboutToGoDormantSuggestion(storeId: number | null, today: string): Promise<AboutToGoDormantSuggestion | null> {
  const animations = await activeAnimations(['dormant'], storeId ?? undefined)
  const thresholds = animations.map((animation) => Number(animation.config.params.days))
  const thresholdDays = thresholds.length > 0 ? Math.min(...thresholds) : Number(WAKEUP_PRESETS.dormant.defaults.days)
  const day = DateTime.fromISO(today, { zone: 'utc' })
  const firstDay = day.minus({ days: thresholdDays - 1 }).toISODate()!
  const lastDay = day.minus({ days: Math.max(1, thresholdDays - DORMANT_NOTICE_DAYS) }).toISODate()!
  const count = await membersLastSeenBetween(storeId, firstDay, lastDay)
  if (count <= 0) return null
  const animation = animations.find((candidate) => Number(candidate.config.params.days) === thresholdDays)
  return { kind: 'about_to_go_dormant', count, thresholdDays, noticeDays: DORMANT_NOTICE_DAYS, animationPublicId: animation?.publicId ?? null, customersLink: await customersLink(storeId, firstDay, lastDay) }
}

/**
 * Each current member is "last seen" on one local day of the daily figures
 * (app/analytics/member_figures.ts; erased and merged members leave them),
 * so this is a sum of 14 rows per store: through the unique (store_id, day)
 * index for a store, the (day) index for every store. Joining
 * customer_activity to customers instead costs one lookup per member in
 * the window (tens of thousands at 1,000,000 customers).
 */
async function membersLastSeenBetween(storeId: number | null, firstDay: string, lastDay: string) {
  const query = db.from('analytics_daily').whereBetween('day', [firstDay, lastDay])
  if (storeId !== null) query.where('store_id', storeId)
  const row = await query.sum('members_last_seen as count').first()
  return Number(row?.count ?? 0)
}

/** The list's filters are whole days (app/customers/list_filters.ts), "before" included; the store is named by its public id. */
async function customersLink(storeId: number | null, firstDay: string, lastDay: string) {
  const params = new URLSearchParams({ last_visit_after: firstDay, last_visit_before: lastDay })
  const store = storeId === null ? null : await db.from('stores').where('id', storeId).select('public_id').first()
  if (store) params.set('store', String(store.public_id))
  return `/admin/customers?${params.toString()}`
}
