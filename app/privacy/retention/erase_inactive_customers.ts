import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { PURGE_BATCH, type PurgeContext } from '#privacy/retention/purge_context'
import { customersInScope, whereErasureDue, whereHeld, whereMemberDue, whereNotHeld, whereProspectDue } from '#privacy/retention/customer_clocks'
import { countOf, type Progress } from '#privacy/retention/purge_steps'

/** The two clocks of customer data: members (R2) and prospects (R1). */
export type ErasureRule = 'members' | 'prospects'

const RULES = {
  members: { where: whereMemberDue, cutoff: (context: PurgeContext) => context.at.members, months: (context: PurgeContext) => context.retention.members_months },
  prospects: { where: whereProspectDue, cutoff: (context: PurgeContext) => context.at.prospects, months: (context: PurgeContext) => context.retention.prospects_months },
}

function dueCustomers(rule: ErasureRule, context: PurgeContext) {
  return customersInScope()
    .where((query) => RULES[rule].where(query, RULES[rule].cutoff(context)))
    .where(whereNotHeld)
}

export function countDue(rule: ErasureRule, context: PurgeContext) {
  return countOf(dueCustomers(rule, context))
}

/** Due under either rule but held back (a restriction, a request being handled): reported, not erased. */
export function countHeld(context: PurgeContext) {
  return countOf(customersInScope().where((query) => whereErasureDue(query, context)).where(whereHeld))
}

/**
 * Erases the customers whose clock has run out, 500 ids at a time, each in
 * its own transaction (eraseCustomer): nothing long is held, and a purge
 * stopped half-way resumes where it was at the next run.
 */
export async function eraseDue(rule: ErasureRule, context: PurgeContext, progress: Progress) {
  let after = 0
  let erased = 0
  for (;;) {
    const rows = await dueCustomers(rule, context).where('c.id', '>', after).orderBy('c.id').limit(PURGE_BATCH).select('c.id')
    for (const row of rows) erased += await eraseIfStillDue(rule, context, Number(row.id))
    progress(erased)
    if (rows.length < PURGE_BATCH) return erased
    after = Number(rows[rows.length - 1].id)
  }
}

/** Read again just before: a purchase or a portal change since the batch was read keeps them. */
async function eraseIfStillDue(rule: ErasureRule, context: PurgeContext, customerId: number) {
  const due = await dueCustomers(rule, context).where('c.id', customerId).select('c.id').first()
  if (!due) return 0
  const reason = `retention purge: ${rule} rule, no activity for ${RULES[rule].months(context)} months`
  const result = await eraseCustomer({ customerId, cause: 'retention', reason })
  return result.erased ? 1 : 0
}
