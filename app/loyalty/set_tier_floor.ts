import db from '@adonisjs/lucid/services/db'
import { lockCustomer } from '#customers/customer_lock'
import type Customer from '#customers/models/customer'
import { levelByKey } from '#loyalty/tiers'
import { parseRules } from '#loyalty/program_rules'
import { recalculateCustomerTiers, type TierChange } from '#loyalty/tier_recalculation'
import { audit } from '#shared/audit'
import { dbInstant } from '#shared/db_time'
import { signalOutbox } from '#shared/outbox'
import { runOn } from '#shared/sql_program'

export interface TierFloorInput {
  customer: Customer
  programPublicId: string
  /** null removes the floor: the tier follows the figures again. */
  tierKey: string | null
  reason: string
  staffMemberId: number
  ip: string | null
}

export type TierFloorResult = { ok: true; changes: TierChange[] } | { ok: false; code: 'program_not_found' | 'not_a_member' | 'unknown_tier' }

/**
 * Staff set a tier by hand (a VIP, a partner, an apology): it becomes the
 * account's floor, so recalculations never go below it, while the figures
 * may still lift the customer higher. The tier is settled at once (a
 * `tier.changed` event when it moves) and the change audited with its reason.
 */
export async function setTierFloor(input: TierFloorInput): Promise<TierFloorResult> {
  const result = await db.transaction(async (trx): Promise<TierFloorResult> => {
    const program = await trx.from('loyalty_programs').where('public_id', input.programPublicId).first()
    if (!program) return { ok: false, code: 'program_not_found' }
    if (input.tierKey !== null && !levelByKey(parseRules(program.rules), input.tierKey)) return { ok: false, code: 'unknown_tier' }
    // The customer's loyalty lock first, as a sale takes it (no deadlock between the two).
    await runOn(trx, lockCustomer(input.customer.id, trx.dialect.name))
    const updated = await trx
      .from('loyalty_accounts')
      .where({ customer_id: input.customer.id, program_id: program.id })
      .update({ tier_floor: input.tierKey, updated_at: dbInstant(new Date(), trx.dialect.name) })
    if (Number(updated) === 0) return { ok: false, code: 'not_a_member' }
    const changes = await runOn(trx, recalculateCustomerTiers(input.customer.id, new Date(), trx.dialect.name))
    const details = { program: input.programPublicId, floor: input.tierKey, reason: input.reason }
    await audit({ staffMemberId: input.staffMemberId, action: 'loyalty.tier_floor_set', subjectType: 'customer', subjectId: input.customer.publicId, details, ip: input.ip }, trx)
    return { ok: true, changes }
  })
  if (result.ok && result.changes.length > 0) signalOutbox()
  return result
}
