import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { dbInstant } from '#shared/db_time'

const days = () => vine.number({ strict: true }).withoutDecimals().range([1, 3650]).optional()

/**
 * A segment's filters (stored as validated JSON on `segments.filters`):
 * recency, frequency and monetary value (RFM), tier, tags, store, birthday
 * month, consent per channel, last message received. All optional; they
 * combine with AND.
 */
export const segmentFiltersSchema = vine.object({
  /** Bought within the last N days. */
  bought_within_days: days(),
  /** No purchase for at least N days (customers who never bought included). */
  not_bought_for_days: days(),
  visits_min: vine.number({ strict: true }).withoutDecimals().range([1, 100_000]).optional(),
  spent_min_cents: vine.number({ strict: true }).withoutDecimals().range([1, 100_000_000]).optional(),
  /** A tier key in the customer's accounts. */
  tier: vine.string().trim().regex(/^[a-z0-9_-]{1,32}$/).optional(),
  tags: vine.array(vine.string().trim().toLowerCase().minLength(1).maxLength(40)).maxLength(10).optional(),
  store_id: vine.number({ strict: true }).withoutDecimals().positive().optional(),
  birthday_month: vine.number({ strict: true }).withoutDecimals().range([1, 12]).optional(),
  consent: vine.enum(['email', 'sms'] as const).optional(),
  /** Received no marketing message in the last N days. */
  no_message_days: days(),
})

export type SegmentFilters = Infer<typeof segmentFiltersSchema>
export const validateSegmentFilters = vine.compile(segmentFiltersSchema)

/**
 * The customers a segment holds, as a query on `customers as c` (still
 * here, not merged): each filter reads through an index of its own
 * (activity figures, tags, birthday, deliveries by customer).
 */
export function segmentQuery(filters: SegmentFilters, now = new Date()): DatabaseQueryBuilderContract {
  const dialect = db.connection().dialect.name
  const ago = (count: number) => dbInstant(new Date(now.getTime() - count * 86_400_000), dialect)
  // A restricted customer (Art. 18) is in no segment.
  const query = db.from('customers as c').whereNull('c.erased_at').whereNull('c.merged_into_id').whereNull('c.restricted_at')
  const needsActivity = filters.bought_within_days || filters.not_bought_for_days || filters.visits_min || filters.spent_min_cents
  if (needsActivity) {
    query.join('customer_activity as a', 'a.customer_id', 'c.id')
    // Choosing people by what they spend and how often they come is profiling: their consent to personalisation is needed.
    query.where('c.personalisation', true)
  }
  if (filters.bought_within_days) query.where('a.last_purchase_at', '>=', ago(filters.bought_within_days))
  if (filters.not_bought_for_days) {
    const since = ago(filters.not_bought_for_days)
    query.where((old) => old.whereNull('a.last_purchase_at').orWhere('a.last_purchase_at', '<', since))
  }
  if (filters.visits_min) query.where('a.visit_count', '>=', filters.visits_min)
  if (filters.spent_min_cents) query.where('a.total_spent_cents', '>=', filters.spent_min_cents)
  if (filters.tier) query.whereIn('c.id', db.from('loyalty_accounts').where('tier', filters.tier).select('customer_id'))
  for (const tag of filters.tags ?? []) query.whereIn('c.id', db.from('customer_tags').where('tag', tag).select('customer_id'))
  if (filters.store_id) query.where('c.store_id', filters.store_id)
  if (filters.birthday_month) query.where('c.birth_month', filters.birthday_month)
  if (filters.consent) whereReachable(query, [filters.consent])
  if (filters.no_message_days) {
    const since = ago(filters.no_message_days)
    query.whereNotExists((sent) => sent.from('deliveries as d').whereRaw('d.customer_id = c.id').where('d.status', 'sent').where('d.sent_at', '>=', since))
  }
  return query
}

/** Customers a message may reach on one of these channels: consent for it, and an address. */
export function whereReachable(query: DatabaseQueryBuilderContract, channels: Array<'email' | 'sms'>) {
  return query.where((reach) => {
    if (channels.includes('email')) reach.orWhere((email) => email.where('c.email_marketing', true).whereNotNull('c.email'))
    if (channels.includes('sms')) reach.orWhere((sms) => sms.where('c.sms_marketing', true).whereNotNull('c.phone_e164'))
  })
}

export async function countSegment(filters: SegmentFilters, now = new Date()) {
  const row = await segmentQuery(filters, now).count('* as total').first()
  return Number(row?.total ?? 0)
}

/** Restricts `customers as c` to an animation's audience segment, if it has one (a segment that is gone: nobody). */
export function inSegment(query: DatabaseQueryBuilderContract, source: { segmentFilters?: SegmentFilters | null }) {
  if (source.segmentFilters === undefined) return query
  if (source.segmentFilters === null) return query.whereRaw('1 = 0')
  return query.whereIn('c.id', segmentQuery(source.segmentFilters).select('c.id'))
}
