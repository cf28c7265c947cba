import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { AnimationConfig, Channel } from '#animations/animation_config'
import { grantAnimationRewards, type AnimationReward } from '#loyalty/animation_rewards'
import { enqueueDeliveries, type DueDelivery } from '#messaging/delivery_jobs'
import { lockCustomer } from '#customers/customer_lock'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { rowsOf, sqlRows, write, type SqlProgram } from '#shared/sql_program'
import { inSegment, type SegmentFilters } from '#animations/segments/segment_filters'

/** What fires: an animation or a campaign, with its configuration. */
export interface FiringSource {
  type: 'animation' | 'campaign'
  id: number
  publicId: string
  config: Pick<AnimationConfig, 'channels' | 'reward' | 'holdout_percent'>
  /** An animation's audience segment (active_animations.ts): occurrences of customers outside it do not fire. */
  segmentFilters?: SegmentFilters | null
}

/** One customer's occurrence of the scenario: `birthday:2027`, `dormant:<episode>`, `welcome`. */
export interface Occurrence {
  customerId: number
  customerStoreId: number
  key: string
  /** Not before: the preset's delay, or the pass's instant. */
  dueAt: Date
  /** The voucher the occasion is about (reward unlocked, voucher expiring): its code goes in the message. */
  voucherId?: number | null
  /** This occurrence's own reward (a happy hour's extra points), in place of the source's. */
  reward?: AnimationReward | null
  /** This occurrence's channels, in place of the source's (none: a reward without a message). */
  channels?: Channel[]
  /**
   * A limit judged in the firing's transaction, the customer's lock held
   * (a referrer's yearly cap): two concurrent events cannot both pass it.
   */
  guard?: (dialect: string) => SqlProgram<boolean>
}

export interface FiringResult {
  fired: number
  alreadyFired: number
  heldOut: number
  /** Refused by their guard. */
  refused: number
  deliveries: number
}

const CHUNK = 250
const CONCURRENT_CHUNKS = 2

/**
 * Fires a scenario for customers: per occurrence, one `firings` row (unique
 * source, customer and occurrence key), the reward through the ledger, and
 * one `deliveries` row per channel, all in one transaction — then, after
 * the commit, one job per delivery (ids only). An occurrence already fired
 * is left alone, so a double tick, a retried event or a restart never
 * rewards or sends twice. Each chunk of 250 is a few statements in one
 * short transaction; two chunks go at once (concurrent firings of one
 * occurrence are settled by its unique key).
 */
export async function fireOccurrences(source: FiringSource, occurrences: Occurrence[]): Promise<FiringResult> {
  const result: FiringResult = { fired: 0, alreadyFired: 0, heldOut: 0, refused: 0, deliveries: 0 }
  let next = 0
  // Two chunks at once: the database works on one while this process prepares or enqueues the other.
  const lane = async () => {
    for (let start = next; start < occurrences.length; start = next) {
      next += CHUNK
      const chunk = await inAudience(source, occurrences.slice(start, start + CHUNK))
      // The write fast path: prepared statements on Postgres, SQLite's group-committed BEGIN IMMEDIATE.
      const due = await write((dialect) => fireChunk(source, chunk, dialect, result))
      result.deliveries += due.length
      await enqueueDeliveries(due)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENT_CHUNKS }, lane))
  return result
}

/** The occurrences of customers in the source's audience segment (all without one): one indexed query per chunk. */
async function inAudience(source: FiringSource, chunk: Occurrence[]) {
  if (source.segmentFilters === undefined || chunk.length === 0) return chunk
  const members = await inSegment(db.from('customers as c'), source).whereIn('c.id', chunk.map((occurrence) => occurrence.customerId)).select('c.id')
  const ids = new Set(members.map((row) => Number(row.id)))
  return chunk.filter((occurrence) => ids.has(occurrence.customerId))
}

function* fireChunk(source: FiringSource, chunk: Occurrence[], dialect: string, result: FiringResult): SqlProgram<DueDelivery[]> {
  const due: DueDelivery[] = []
  const unguarded: Occurrence[] = []
  for (const occurrence of chunk) {
    if (!occurrence.guard) {
      unguarded.push(occurrence)
      continue
    }
    // Judged and fired one by one: a guard counts what the firings before it wrote.
    yield* lockCustomer(occurrence.customerId, dialect)
    if (yield* occurrence.guard(dialect)) due.push(...(yield* fireBatch(source, [occurrence], dialect, result)))
    else result.refused++
  }
  due.push(...(yield* fireBatch(source, unguarded, dialect, result)))
  return due
}

/**
 * Fires a batch in a handful of statements, whatever its size: the
 * vouchers, the firings (naming their voucher; those fired already are
 * left alone), bonus points, the deliveries. Each statement covers the batch.
 */
function* fireBatch(source: FiringSource, batch: Occurrence[], dialect: string, result: FiringResult): SqlProgram<DueDelivery[]> {
  if (batch.length === 0) return []
  const now = new Date()
  const nowDb = dbInstant(now, dialect)
  const grantOf = (occurrence: Occurrence) => ({ customerId: occurrence.customerId, customerStoreId: occurrence.customerStoreId, reward: rewardOf(source, occurrence)!, causeId: source.publicId, at: now, dialect })
  const heldOut = new Set(batch.filter((occurrence) => isHeldOut(source, occurrence.customerId)))
  // An occurrence listed twice in one batch fires once (insertFirings): it is rewarded once too, or it would get two vouchers or twice its points.
  const rewarded = (type: 'voucher' | 'points') => [...new Set(batch)].filter((occurrence) => rewardOf(source, occurrence)?.type === type && !heldOut.has(occurrence))
  // Vouchers first, so that each firing is written with its voucher.
  const withVoucher = rewarded('voucher')
  const vouchers = yield* grantAnimationRewards(withVoucher.map(grantOf))
  const voucherOf = new Map(withVoucher.map((occurrence, index) => [occurrence, vouchers[index]?.voucherId ?? null]))
  const fired = yield* insertFirings(source, batch, heldOut, voucherOf, nowDb, result)
  // Fired already (a double tick, a retried event): its new voucher goes. Rare, so not checked beforehand.
  const firedOccurrences = new Set(fired.map((firing) => firing.occurrence))
  const orphans = withVoucher.filter((occurrence) => !firedOccurrences.has(occurrence) && voucherOf.get(occurrence)).map((occurrence) => voucherOf.get(occurrence)!)
  if (orphans.length > 0) yield sqlRows(`DELETE FROM vouchers WHERE id IN (${orphans.map(() => '?').join(', ')})`, orphans)
  // Points go through the ledger once the firing is known to be new: a ledger entry is never taken back.
  const withPoints = rewarded('points').filter((occurrence) => firedOccurrences.has(occurrence))
  const points = yield* grantAnimationRewards(withPoints.map(grantOf))
  const firingOf = new Map(fired.map((firing) => [firing.occurrence, firing.id]))
  const awarded = withPoints.flatMap((occurrence, index) => (points[index] ? [[firingOf.get(occurrence)!, points[index]!.points]] : []))
  if (awarded.length > 0) {
    yield sqlRows(
      `UPDATE firings SET points_awarded = v.column2 FROM (VALUES ${awarded.map(() => '(CAST(? AS BIGINT), CAST(? AS INTEGER))').join(', ')}) AS v WHERE firings.id = v.column1`,
      awarded.flat()
    )
  }
  const deliveries = fired.flatMap((firing) =>
    (firing.occurrence.channels ?? source.config.channels).map((channel) => {
      const { heldOut, occurrence } = firing
      const dueDb = dbInstant(occurrence.dueAt, dialect)
      return [newPublicId(), firing.id, occurrence.customerId, channel, heldOut ? 'skipped' : 'queued', heldOut ? 'holdout' : null, heldOut ? 1 : 0, dueDb, 0, nowDb, nowDb]
    })
  )
  if (deliveries.length === 0) return []
  const rows = yield sqlRows(
    `INSERT INTO deliveries (public_id, firing_id, customer_id, channel, status, reason, holdout, due_at, attempts, created_at, updated_at)
     VALUES ${rowsOf(deliveries.length, 11)} RETURNING id, firing_id, status`,
    deliveries.flat()
  )
  const dueAtOf = new Map(fired.map((firing) => [firing.id, firing.occurrence.dueAt]))
  return rows.filter((row) => row.status === 'queued').map((row) => ({ id: Number(row.id), dueAt: dueAtOf.get(Number(row.firing_id))! }))
}

interface Fired {
  id: number
  occurrence: Occurrence
  heldOut: boolean
}

const occurrenceId = (customerId: unknown, key: unknown) => `${customerId}:${key}`

/** One statement: the firings; one fired already (unique key) comes back without a row. */
function* insertFirings(source: FiringSource, batch: Occurrence[], heldOut: ReadonlySet<Occurrence>, voucherOf: Map<Occurrence, number | null>, nowDb: string, result: FiringResult): SqlProgram<Fired[]> {
  if (batch.length === 0) return []
  const rows = yield sqlRows(
    `INSERT INTO firings (source_type, source_id, customer_id, occurrence_key, holdout, voucher_id, points_awarded, created_at)
     VALUES ${rowsOf(batch.length, 8)} ON CONFLICT (source_type, source_id, customer_id, occurrence_key) DO NOTHING RETURNING id, customer_id, occurrence_key`,
    // The occasion's own voucher (reward unlocked, voucher expiring) stays the one the message is about.
    batch.flatMap((occurrence) => [source.type, source.id, occurrence.customerId, occurrence.key, heldOut.has(occurrence) ? 1 : 0, occurrence.voucherId ?? voucherOf.get(occurrence) ?? null, 0, nowDb])
  )
  const idOf = new Map(rows.map((row) => [occurrenceId(row.customer_id, row.occurrence_key), Number(row.id)]))
  const fired: Fired[] = []
  for (const occurrence of batch) {
    const key = occurrenceId(occurrence.customerId, occurrence.key)
    const id = idOf.get(key)
    // Twice in one batch: the first one fires.
    idOf.delete(key)
    if (id === undefined) {
      result.alreadyFired++
      continue
    }
    if (heldOut.has(occurrence)) result.heldOut++
    else result.fired++
    fired.push({ id, occurrence, heldOut: heldOut.has(occurrence) })
  }
  return fired
}

function rewardOf(source: FiringSource, occurrence: Occurrence) {
  return occurrence.reward !== undefined ? occurrence.reward : source.config.reward
}

/**
 * The control group: a stable share of customers per source (the same
 * customer is always in or out of a given animation's holdout).
 */
export function isHeldOut(source: Pick<FiringSource, 'id' | 'type' | 'config'>, customerId: number) {
  if (source.config.holdout_percent <= 0) return false
  const digest = createHash('sha256').update(`${source.type}:${source.id}:${customerId}`).digest()
  return digest.readUInt32BE(0) % 100 < source.config.holdout_percent
}
