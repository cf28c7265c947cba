import db from '@adonisjs/lucid/services/db'
import { activeAnimations } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import LoyaltyProgram from '#loyalty/models/loyalty_program'

/**
 * tier.changed and reward.issued (from the outbox): the tier-change and
 * reward-unlocked animations fire once per event (its id is the
 * occurrence), at once. A redelivered event finds its firing and stops.
 */
export async function onTierChanged(data: Record<string, any>) {
  const customer = await customerOf(data.customer_id)
  if (!customer) return
  const animations = await activeAnimations(['tier_change'], customer.storeId)
  if (animations.length === 0) return
  const upward = await isUpgrade(String(data.program_id), data.from ?? null, String(data.to))
  for (const animation of animations) {
    if (animation.config.params.direction === 'up' && !upward) continue
    await fireOccurrences(animation, [{ customerId: customer.id, customerStoreId: customer.storeId, key: `tier:${data.eventId}`, dueAt: new Date() }])
  }
}

export async function onRewardIssued(data: Record<string, any>) {
  const customer = await customerOf(data.customer_id)
  if (!customer) return
  // The event names the voucher by its public id.
  const voucher = await db.from('vouchers').where('public_id', String(data.voucher_id)).where('customer_id', customer.id).select('id').first()
  if (!voucher) return
  const voucherId = Number(voucher.id)
  for (const animation of await activeAnimations(['reward_unlocked'], customer.storeId)) {
    await fireOccurrences(animation, [{ customerId: customer.id, customerStoreId: customer.storeId, key: `reward:${voucherId}`, dueAt: new Date(), voucherId }])
  }
}

async function customerOf(publicId: unknown) {
  const row = await db.from('customers').where('public_id', String(publicId)).whereNull('erased_at').whereNull('merged_into_id').select('id', 'store_id').first()
  return row ? { id: Number(row.id), storeId: Number(row.store_id) } : null
}

/** Up: the new level comes later in the programme's ascending list than the old one (none counts as below all). */
async function isUpgrade(programPublicId: string, from: string | null, to: string) {
  const program = await LoyaltyProgram.findBy('publicId', programPublicId)
  const levels = program?.parsedRules.tiers?.levels.map((level) => level.key) ?? []
  return levels.indexOf(to) > (from === null ? -1 : levels.indexOf(from))
}
