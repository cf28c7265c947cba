import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { PurgeContext } from '#privacy/retention/purge_context'

type Query = DatabaseQueryBuilderContract

/** A request in one of these states is answered; any other is still being handled. */
const ANSWERED = ['done', 'refused']

/**
 * Customers the purge looks at: still here, not merged into another
 * (`c` customers, `a` their activity row, absent for none).
 */
export function customersInScope() {
  return db.from('customers as c').leftJoin('customer_activity as a', 'a.customer_id', 'c.id').whereNull('c.erased_at').whereNull('c.merged_into_id')
}

/**
 * Left alone by the purge: a restriction (Art. 18: the data is kept, only
 * stored, often so that it is not erased) or a rights request being
 * handled (its answer decides).
 */
export function whereHeld(query: Query) {
  query.whereNotNull('c.restricted_at').orWhereExists(openRequestOf)
}

export function whereNotHeld(query: Query) {
  query.whereNull('c.restricted_at').whereNotExists(openRequestOf)
}

function openRequestOf(query: Query) {
  query.from('privacy_requests as r').whereColumn('r.customer_id', 'c.id').whereNotIn('r.status', ANSWERED)
}

/**
 * A member (bought with the card at least once) whose last activity is
 * older than the cutoff: the last purchase, the last change they made
 * (portal, rectification: last_contact_at) and enrolment. Nothing sent to
 * them counts, opened or not (R1, R2): deliveries are not read here.
 */
export function whereMemberDue(query: Query, cutoff: string) {
  query
    .whereNotNull('a.last_purchase_at')
    .where('a.last_purchase_at', '<', cutoff)
    .where('c.created_at', '<', cutoff)
    .where((contact) => contact.whereNull('c.last_contact_at').orWhere('c.last_contact_at', '<', cutoff))
}

/** A prospect (no purchase) with no contact from them since the cutoff, enrolled before it. */
export function whereProspectDue(query: Query, cutoff: string) {
  query
    .whereNull('a.last_purchase_at')
    .where('c.created_at', '<', cutoff)
    .where((contact) => contact.whereNull('c.last_contact_at').orWhere('c.last_contact_at', '<', cutoff))
}

/** Due for erasure under either rule; every term is true or false (never NULL), so it can be negated. */
export function whereErasureDue(query: Query, context: PurgeContext) {
  query.where((member) => whereMemberDue(member, context.at.members)).orWhere((prospect) => whereProspectDue(prospect, context.at.prospects))
}
