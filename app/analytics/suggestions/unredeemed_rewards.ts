import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { encodeTime, TIME_LEN } from 'ulid'
import { dbTimestamp } from '#shared/db_time'

/**
 * A reward nobody redeems: among its vouchers issued 90 to 7 days ago
 * (younger ones have not had time to be used; cancelled ones do not
 * count), at least 10, and under 5 % of them redeemed. Active rewards of
 * the programmes running in the store (or in every store) only, the
 * least redeemed first, at most 3.
 */
export const UNREDEEMED = { windowDays: 90, youngDays: 7, minIssued: 10, maxRedeemedShare: 0.05, top: 3, latestVouchers: 20_000 }

export interface RewardUse {
  rewardPublicId: string
  programPublicId: string
  name: string
  issued: number
  redeemed: number
}

export interface UnredeemedRewardsSuggestion {
  kind: 'unredeemed_rewards'
  rewards: RewardUse[]
}

export function isUnredeemed(use: { issued: number; redeemed: number }) {
  return use.issued >= UNREDEEMED.minIssued && use.redeemed < UNREDEEMED.maxRedeemedShare * use.issued
}

export function leastRedeemed(uses: RewardUse[]) {
  return uses
    .filter(isUnredeemed)
    .sort((a, b) => a.redeemed / a.issued - b.redeemed / b.issued || b.issued - a.issued || a.name.localeCompare(b.name))
    .slice(0, UNREDEEMED.top)
}

export async function unredeemedRewardsSuggestion(storeId: number | null, today: string, timezone: string): Promise<UnredeemedRewardsSuggestion | null> {
  const rewards = leastRedeemed(await rewardUses(storeId, DateTime.fromISO(today, { zone: timezone })))
  return rewards.length > 0 ? { kind: 'unredeemed_rewards', rewards } : null
}

/**
 * Vouchers have no index on issued_at (only by customer, by reward and
 * customer, by status and expiry), but their public ids are ULIDs, which
 * begin with the instant they were written: the window is a range of the
 * unique public_id index, read backwards, at most its 20,000 latest
 * vouchers (a small business's 90 days fit in that; a large chain is
 * judged on the weeks just before the young ones). issued_at then keeps
 * the window exact. Rewards and programmes by their primary keys.
 */
async function rewardUses(storeId: number | null, today: DateTime): Promise<RewardUse[]> {
  const from = today.minus({ days: UNREDEEMED.windowDays })
  const to = today.minus({ days: UNREDEEMED.youngDays })
  const query = db
    .from(writtenBetween(from, to).as('v'))
    .join('rewards as r', 'r.id', 'v.reward_id')
    .join('loyalty_programs as p', 'p.id', 'r.program_id')
    .whereRaw('r.active')
    .whereNot('v.status', 'cancelled')
    .where('v.issued_at', '>=', dbTimestamp(from))
    .where('v.issued_at', '<', dbTimestamp(to))
    .groupBy('r.public_id', 'p.public_id', 'r.name')
    .select('r.public_id', 'p.public_id as program_public_id', 'r.name', db.raw('COUNT(*) AS issued'), db.raw("SUM(CASE WHEN v.status = 'redeemed' THEN 1 ELSE 0 END) AS redeemed"))
  if (storeId !== null) query.where((scope) => scope.whereNull('p.store_id').orWhere('p.store_id', storeId))
  const rows = await query
  return rows.map((row) => ({ rewardPublicId: row.public_id, programPublicId: row.program_public_id, name: row.name, issued: Number(row.issued), redeemed: Number(row.redeemed) }))
}

function writtenBetween(from: DateTime, to: DateTime) {
  return db
    .from('vouchers')
    .where('public_id', '>=', firstUlidAt(from))
    .where('public_id', '<', firstUlidAt(to))
    .select('reward_id', 'status', 'issued_at')
    .orderBy('public_id', 'desc')
    .limit(UNREDEEMED.latestVouchers)
}

/** The smallest ULID of that millisecond: its time, then zeros. */
function firstUlidAt(instant: DateTime) {
  return encodeTime(instant.toMillis(), TIME_LEN).padEnd(26, '0')
}
