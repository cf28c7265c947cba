import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { loadPrivacySettings } from '#privacy/privacy_settings'

/**
 * Raised when the terms' own wording changes (resources/lang/<locale>/terms.json):
 * the same configuration then makes a new version, so members are told.
 */
export const TERMS_TEXT_REVISION = 1

export interface TermsReward {
  name: string
  description: string | null
  costPoints: number
  perCustomerLimit: number | null
  validityDays: number
}

export interface TermsProgram {
  name: string
  /** null: every store of the business. */
  storeName: string | null
  enrolment: 'auto' | 'manual'
  rules: ProgramRules
  rewards: TermsReward[]
}

/**
 * Everything the terms say, taken from the configuration when a version
 * is published. A version is rendered from its snapshot only, so it reads
 * the same whatever changes later.
 */
export interface TermsSnapshot {
  revision: number
  organiser: { name: string; address: string; email: string }
  stores: Array<{ name: string; slug: string; address: string | null }>
  programs: TermsProgram[]
  /** Months without a purchase after which a member's account is closed and erased (retention). */
  inactiveMonths: number
}

/** The configuration as it is now: active programmes, their rewards shop, the stores, the organiser, retention. */
export async function liveTermsSnapshot(): Promise<TermsSnapshot> {
  const settings = await loadPrivacySettings()
  const stores = await db.from('stores').whereNull('archived_at').orderBy('is_default', 'desc').orderBy('id').select('id', 'name', 'slug', 'address_line', 'postal_code', 'city')
  const storeNames = new Map(stores.map((store) => [Number(store.id), String(store.name)]))
  const programs = await db.from('loyalty_programs').where('status', 'active').orderBy('position').orderBy('id').select('id', 'name', 'store_id', 'enrolment', 'rules')
  const rewards = await db.from('rewards').where('active', true).orderBy('cost_points').orderBy('id').select('program_id', 'name', 'description', 'cost_points', 'per_customer_limit', 'validity_days')
  return {
    revision: TERMS_TEXT_REVISION,
    organiser: { name: settings.controller.name, address: settings.controller.address, email: settings.controller.email },
    stores: stores.map((store) => ({ name: String(store.name), slug: String(store.slug), address: addressOf(store) })),
    programs: programs
      .filter((program) => program.store_id === null || storeNames.has(Number(program.store_id)))
      .map((program) => ({
        name: String(program.name),
        storeName: program.store_id === null ? null : storeNames.get(Number(program.store_id))!,
        enrolment: program.enrolment,
        rules: parseRules(String(program.rules)),
        rewards: rewards
          .filter((reward) => Number(reward.program_id) === Number(program.id))
          .map((reward) => ({
            name: String(reward.name),
            description: reward.description ?? null,
            costPoints: Number(reward.cost_points),
            perCustomerLimit: reward.per_customer_limit === null ? null : Number(reward.per_customer_limit),
            validityDays: Number(reward.validity_days),
          })),
      })),
    inactiveMonths: settings.retention.members_months,
  }
}

/** SHA-256 of the snapshot: two versions with the same hash say the same thing. */
export function snapshotHash(snapshot: TermsSnapshot) {
  return createHash('sha256').update(JSON.stringify(snapshot)).digest('hex')
}

function addressOf(store: { address_line: string | null; postal_code: string | null; city: string | null }) {
  const address = [store.address_line, [store.postal_code, store.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return address || null
}
