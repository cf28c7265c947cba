import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { ActiveAnimation } from '#animations/active_animations'
import { countCandidates, DAILY_KINDS } from '#animations/triggers/daily_selectors'
import { dbInstant } from '#shared/db_time'

export interface AudienceEstimate {
  /** Customers it would fire for today (store time), and over the last 90 days. */
  today: number
  last90Days: number
  /** Of those, how many a message could reach now (consent and address on a channel). */
  reachableToday: number
  /** What the reward would have cost over the 90 days, in cents (vouchers at face value, points at their value). */
  rewardCostCents: number | null
}

const DAYS = 90

/**
 * The dry run of the designer: how many customers the animation would
 * concern, read through the same indexed selections as the passes — one
 * count per local day for daily presets, the enrolments for a welcome.
 */
export async function estimateAudience(animation: ActiveAnimation, pointValueCents: number | null, now = new Date()): Promise<AudienceEstimate | null> {
  // Tier changes and automatic rewards happen at sales: no index counts them ahead (not estimated).
  if (!DAILY_KINDS.includes(animation.kind) && animation.kind !== 'welcome') return null
  const stores = await db.from('stores').whereNull('archived_at').select('id', 'timezone')
  let today = 0
  let reachableToday = 0
  let last90Days = 0
  for (const store of stores.filter((candidate) => animation.storeId === null || Number(candidate.id) === animation.storeId)) {
    const storeId = Number(store.id)
    const day = DateTime.fromJSDate(now, { zone: store.timezone }).startOf('day')
    if (DAILY_KINDS.includes(animation.kind)) {
      today += await countCandidates({ animation, storeId, day, audience: 'everyone' })
      reachableToday += await countCandidates({ animation, storeId, day, audience: 'reachable' })
      for (let back = 0; back < DAYS; back++) last90Days += await countCandidates({ animation, storeId, day: day.minus({ days: back }), audience: 'everyone' })
    } else {
      const dialect = db.connection().dialect.name
      const enrolled = (from: DateTime) =>
        db.from('customers').where('store_id', storeId).whereNull('erased_at').where('created_at', '>=', dbInstant(from.toJSDate(), dialect)).count('* as total').first()
      today += Number((await enrolled(day))?.total ?? 0)
      reachableToday = today
      last90Days += Number((await enrolled(day.minus({ days: DAYS - 1 })))?.total ?? 0)
    }
  }
  return { today, last90Days, reachableToday, rewardCostCents: rewardCost(animation, last90Days, pointValueCents) }
}

function rewardCost(animation: ActiveAnimation, count: number, pointValueCents: number | null) {
  const reward = animation.config.reward
  if (!reward) return null
  if (reward.type === 'points') return pointValueCents === null ? null : reward.points * pointValueCents * count
  return (reward.voucher.value_cents ?? 0) * count
}
