import db from '@adonisjs/lucid/services/db'
import Reward from '#loyalty/models/reward'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import { audit } from '#shared/audit'
import { fieldError } from '#customers/validation'
import type { RewardInput } from '#loyalty/admin/reward_validators'

export interface RewardActor {
  staffMemberId: number
  ip: string | null
}

/** Two rewards of one name in a shop could not be told apart at the till. */
export class RewardNameTakenError extends Error {}

/**
 * Creates a reward of the shop, or changes one, and audits the change in
 * the same transaction. Vouchers already bought keep their terms (they are
 * copied onto the voucher): only future purchases see the new ones.
 */
export async function saveReward(program: LoyaltyProgram, input: RewardInput, actor: RewardActor, existing?: Reward) {
  return db.transaction(async (trx) => {
    const sameName = await Reward.query({ client: trx }).where('programId', program.id).whereNot('id', existing?.id ?? 0).select('name')
    if (sameName.some((other) => other.name.toLocaleLowerCase('fr') === input.name.toLocaleLowerCase('fr'))) throw new RewardNameTakenError()
    const reward = existing ? existing.useTransaction(trx) : new Reward().useTransaction(trx)
    const before = existing ? snapshot(existing) : null
    reward.merge({ programId: program.id, ...attributesOf(input) })
    await reward.save()
    const action = existing ? 'loyalty.reward_changed' : 'loyalty.reward_created'
    await audit({ ...actor, action, subjectType: 'reward', subjectId: reward.publicId, details: { program_id: program.publicId, before, after: snapshot(reward) } }, trx)
    return reward
  })
}

/** Deactivating takes a reward out of the shop (vouchers already bought stay valid); reactivating puts it back. */
export async function setRewardActive(reward: Reward, active: boolean, actor: RewardActor) {
  if (reward.active === active) return reward
  return db.transaction(async (trx) => {
    reward.useTransaction(trx)
    reward.active = active
    await reward.save()
    await audit({ ...actor, action: active ? 'loyalty.reward_reactivated' : 'loyalty.reward_deactivated', subjectType: 'reward', subjectId: reward.publicId }, trx)
    return reward
  })
}

export function rewardNameTaken(message: string) {
  return fieldError('name', message, 'reward_name_taken')
}

/** Only the figures of the chosen kind are kept: an amount reward has no percentage. */
function attributesOf(input: RewardInput) {
  const value = 'value' in input ? (input.value ?? null) : null
  return {
    name: input.name,
    description: input.description ?? null,
    kind: input.kind,
    valueCents: input.kind === 'percent' ? null : value,
    percent: 'percent' in input ? input.percent : null,
    productSku: 'product_sku' in input ? input.product_sku : null,
    costPoints: input.cost_points,
    stock: input.stock ?? null,
    perCustomerLimit: input.per_customer_limit ?? null,
    validityDays: input.validity_days,
    active: input.active ?? false,
  }
}

function snapshot(reward: Reward) {
  const { name, description, kind, valueCents, percent, productSku, costPoints, stock, perCustomerLimit, validityDays, active } = reward
  return { name, description, kind, valueCents, percent, productSku, costPoints, stock, perCustomerLimit, validityDays, active }
}
