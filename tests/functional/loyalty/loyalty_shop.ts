import type { ApiClient } from '@japa/api-client'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { createCustomer, createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'

/** A store of its own with a programme (demo rules unless given), a POS token and one customer. */
export async function loyaltyShop(client: ApiClient, rules: ProgramRules = demoRules()) {
  const store = await createStore()
  const program = await createProgram(store, rules)
  const { bearer } = await createPosToken(store)
  const customer = await createCustomer(store)
  return { store, program, customer, pos: posApi(client, bearer) }
}

/** Points only: no tiers, no automatic voucher, so a balance stays as earned. */
export function pointsOnly(): ProgramRules {
  return { ...demoRules(), tiers: null, automatic_rewards: [] }
}

export const coffee = (quantity: number) => ({ sku: 'CAFE', name: 'Café', quantity, unit_price_cents: 250, category: 'café' })
