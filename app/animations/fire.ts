import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { AnimationConfig, Channel } from '#animations/animation_config'
import { grantAnimationReward, type AnimationReward } from '#loyalty/animation_rewards'
import { enqueueDeliveries, type DueDelivery } from '#messaging/delivery_jobs'
import { lockCustomer } from '#customers/customer_lock'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { sql, write, type SqlProgram } from '#shared/sql_program'
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

const CHUNK = 200

/**
 * Fires a scenario for customers: per occurrence, one `firings` row (unique
 * source, customer and occurrence key), the reward through the ledger, and
 * one `deliveries` row per channel, all in one transaction — then, after
 * the commit, one job per delivery (ids only). An occurrence already fired
 * is left alone, so a double tick, a retried event or a restart never
 * rewards or sends twice. Chunks of 200 keep each transaction short.
 */
export async function fireOccurrences(source: FiringSource, occurrences: Occurrence[]): Promise<FiringResult> {
  const result: FiringResult = { fired: 0, alreadyFired: 0, heldOut: 0, refused: 0, deliveries: 0 }
  for (let start = 0; start < occurrences.length; start += CHUNK) {
    const chunk = await inAudience(source, occurrences.slice(start, start + CHUNK))
    // The write fast path: prepared statements on Postgres, SQLite's group-committed BEGIN IMMEDIATE.
    const due = await write((dialect) => fireChunk(source, chunk, dialect, result))
    result.deliveries += due.length
    await enqueueDeliveries(due)
  }
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
  const now = new Date()
  const nowDb = dbInstant(now, dialect)
  const due: DueDelivery[] = []
  for (const occurrence of chunk) {
    if (occurrence.guard) {
      yield* lockCustomer(occurrence.customerId, dialect)
      if (!(yield* occurrence.guard(dialect))) {
        result.refused++
        continue
      }
    }
    const heldOut = isHeldOut(source, occurrence.customerId)
    const inserted = yield sql(
      `INSERT INTO firings (source_type, source_id, customer_id, occurrence_key, holdout, voucher_id, points_awarded, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (source_type, source_id, customer_id, occurrence_key) DO NOTHING RETURNING id`,
      [source.type, source.id, occurrence.customerId, occurrence.key, heldOut ? 1 : 0, occurrence.voucherId ?? null, nowDb]
    )
    if (inserted.length === 0) {
      result.alreadyFired++
      continue
    }
    const firingId = Number(inserted[0].id)
    if (heldOut) result.heldOut++
    else result.fired++
    const reward = occurrence.reward !== undefined ? occurrence.reward : source.config.reward
    if (!heldOut && reward) {
      const granted = yield* grantAnimationReward({
        customerId: occurrence.customerId,
        customerStoreId: occurrence.customerStoreId,
        reward,
        causeId: source.publicId,
        at: now,
        dialect,
      })
      // The occasion's own voucher (reward unlocked, voucher expiring) stays the one the message is about.
      if (granted) yield sql('UPDATE firings SET voucher_id = COALESCE(voucher_id, ?), points_awarded = ? WHERE id = ?', [granted.voucherId, granted.points, firingId])
    }
    const dueDb = dbInstant(occurrence.dueAt, dialect)
    for (const channel of occurrence.channels ?? source.config.channels) {
      const [row] = yield sql(
        `INSERT INTO deliveries (public_id, firing_id, customer_id, channel, status, reason, holdout, due_at, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
        [newPublicId(), firingId, occurrence.customerId, channel, heldOut ? 'skipped' : 'queued', heldOut ? 'holdout' : null, heldOut ? 1 : 0, dueDb, nowDb, nowDb]
      )
      if (!heldOut) due.push({ id: Number(row.id), dueAt: occurrence.dueAt })
    }
  }
  return due
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
