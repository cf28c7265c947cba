import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { ActiveAnimation } from '#animations/active_animations'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { inSegment, whereReachable } from '#animations/segments/segment_filters'

/** One customer concerned by a daily pass on a given local day, with the key of this occurrence. */
export interface Candidate {
  customerId: number
  storeId: number
  key: string
  voucherId: number | null
}

export interface DayContext {
  animation: ActiveAnimation
  storeId: number
  /** The local calendar day the pass is for (midnight, store time). */
  day: DateTime
  /**
   * everyone: all customers concerned (an animation with a reward gives it
   * even to those no message may reach); reachable: only those a message may
   * reach on one of its channels. Default: everyone with a reward, else reachable.
   */
  audience?: 'everyone' | 'reachable'
}

type Selector = (context: DayContext) => {
  query: DatabaseQueryBuilderContract
  key: (row: Record<string, any>) => string
  /** Keyset column (default c.id): a selection may yield a customer more than once (one row per voucher). */
  order?: { column: string; field: string }
}

const BATCH = 2000

/**
 * The customers of one store concerned on one local day, read through an
 * index (birthday month and day; last purchase instant), in id order by
 * batches: the cost grows with the matches, not with the customer base.
 */
export async function* candidatesOf(context: DayContext): AsyncGenerator<Candidate[]> {
  const selector = SELECTORS[context.animation.kind]
  if (!selector) throw new Error(`No daily selector for ${context.animation.kind}`)
  let after = 0
  for (;;) {
    const { query, key, order = { column: 'c.id', field: 'id' } } = selector(context)
    const rows = await query.where(order.column, '>', after).orderBy(order.column).limit(BATCH)
    if (rows.length === 0) return
    yield rows.map((row) => ({ customerId: Number(row.id), storeId: context.storeId, key: key(row), voucherId: row.voucher_id === undefined ? null : Number(row.voucher_id) }))
    if (rows.length < BATCH) return
    after = Number(rows[rows.length - 1][order.field])
  }
}

/** How many customers a pass would concern on that day (the designer's estimate). */
export async function countCandidates(context: DayContext): Promise<number> {
  const selector = SELECTORS[context.animation.kind]
  if (!selector) throw new Error(`No daily selector for ${context.animation.kind}`)
  const row = await selector(context).query.clearSelect().count('* as total').first()
  return Number(row?.total ?? 0)
}

/** Customers of the store still here; for the reachable audience, only those a message may reach. */
function members(context: DayContext) {
  const query = db.from('customers as c').where('c.store_id', context.storeId).whereNull('c.erased_at').whereNull('c.merged_into_id')
  const audience = context.audience ?? (context.animation.config.reward ? 'everyone' : 'reachable')
  inSegment(query, context.animation)
  return audience === 'reachable' ? whereReachable(query, context.animation.config.channels) : query
}

/** Born on this day; on 28 February of a common year, those born on 29 February too. */
function bornOn(query: DatabaseQueryBuilderContract, day: DateTime) {
  return query.where((birthday) => {
    birthday.where((same) => same.where('c.birth_month', day.month).where('c.birth_day', day.day))
    if (day.month === 2 && day.day === 28 && !day.isInLeapYear) birthday.orWhere((leap) => leap.where('c.birth_month', 2).where('c.birth_day', 29))
  })
}

const SELECTORS: Record<string, Selector> = {
  birthday: (context) => ({
    query: bornOn(members(context), context.day).select('c.id'),
    key: () => `birthday:${context.day.year}`,
  }),
  birthday_before: (context) => {
    const { animation, day } = context
    const birthday = day.plus({ days: Number(animation.config.params.days_before) })
    return {
      query: bornOn(members(context), birthday).select('c.id'),
      key: () => `birthday_before:${birthday.year}`,
    }
  },
  // Last purchase exactly N local days before this day; the episode is that purchase: a new visit re-arms.
  dormant: (context) => {
    const { animation, day } = context
    const dialect = db.connection().dialect.name
    const from = day.minus({ days: Number(animation.config.params.days) })
    return {
      query: members(context)
        .join('customer_activity as a', 'a.customer_id', 'c.id')
        .where('a.last_purchase_at', '>=', dbInstant(from.toJSDate(), dialect))
        .where('a.last_purchase_at', '<', dbInstant(from.plus({ days: 1 }).toJSDate(), dialect))
        .select('c.id', 'a.last_purchase_at'),
      key: (row) => `dormant:${instantFromDb(row.last_purchase_at).toISOString()}`,
    }
  },
  // Vouchers that end N local days from now (their last valid day), one occurrence per voucher.
  reward_expiry: (context) => {
    const { animation, day } = context
    const { from, to } = dayBounds(day.plus({ days: Number(animation.config.params.days_before) }))
    return {
      query: members(context)
        .join('vouchers as v', 'v.customer_id', 'c.id')
        .where('v.status', 'issued')
        .where('v.expires_at', '>', from)
        .where('v.expires_at', '<=', to)
        .select('c.id', 'v.id as voucher_id', 'v.public_id as voucher_public_id'),
      key: (row) => `voucher_expiry:${row.voucher_public_id}`,
      order: { column: 'v.id', field: 'voucher_id' },
    }
  },
  // Points whose lot ends N local days from now, one occurrence per customer and day.
  points_expiry: (context) => {
    const { animation, day } = context
    const target = day.plus({ days: Number(animation.config.params.days_before) })
    const { from, to } = dayBounds(target)
    const lots = db
      .from('ledger_open_items as o')
      .join('loyalty_accounts as la', 'la.id', 'o.account_id')
      .where('o.unit', 'points')
      .where('o.side', 'credit')
      .where('o.expires_at', '>', from)
      .where('o.expires_at', '<=', to)
      .select('la.customer_id')
    return {
      query: members(context).whereIn('c.id', lots).select('c.id'),
      key: () => `points_expiry:${target.toISODate()}`,
    }
  },
  // Enrolled N local days ago, profile still without a first name or a birthday.
  enrolment_reminder: (context) => {
    const { from, to } = dayBounds(context.day.minus({ days: Number(context.animation.config.params.after_days) }))
    return {
      query: members(context)
        .where('c.created_at', '>=', from)
        .where('c.created_at', '<', to)
        .where((incomplete) => incomplete.whereNull('c.first_name').orWhereNull('c.birth_month'))
        .select('c.id'),
      key: () => 'enrolment_reminder',
    }
  },
  // The heads-up of a happy hour, on the days it runs, when asked for.
  happy_hour: (context) => {
    const { params } = context.animation.config
    const query = members(context).select('c.id')
    if (params.heads_up !== 'yes' || !(params.weekdays as number[]).includes(context.day.weekday)) query.whereRaw('1 = 0')
    return { query, key: () => `happy_hour_notice:${context.day.toISODate()}` }
  },
  // The booster's announcement, on the first day of its window.
  birthday_booster: (context) => {
    const birthday = context.day.plus({ days: Number(context.animation.config.params.days_before) })
    return { query: bornOn(members(context), birthday).select('c.id'), key: () => `booster_notice:${birthday.year}` }
  },
  // Once a month, on the chosen day (the last day of a shorter month if it has no such day).
  scheduled_reminder: (context) => {
    const { animation, day } = context
    const wanted = Math.min(Number(animation.config.params.day_of_month), day.daysInMonth!)
    const query = members(context).select('c.id')
    if (day.day !== wanted) query.whereRaw('1 = 0')
    return { query, key: () => `reminder:${day.toFormat('yyyy-MM')}` }
  },
}

/** A local day as the database's instants: after its start, up to its end (a lot ends at local midnight). */
function dayBounds(day: DateTime) {
  const dialect = db.connection().dialect.name
  return { from: dbInstant(day.toJSDate(), dialect), to: dbInstant(day.plus({ days: 1 }).toJSDate(), dialect) }
}

export const DAILY_KINDS = Object.keys(SELECTORS)
