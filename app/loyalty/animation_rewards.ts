import { lockCustomer } from '#customers/customer_lock'
import { openAccount } from '#loyalty/earn_on_purchase'
import { applyDeltas, creditAll, expireDue } from '#loyalty/ledger'
import { programRulesOf } from '#loyalty/programs_cache'
import type { VoucherTerms } from '#loyalty/program_rules'
import { lotExpiry } from '#loyalty/validity'
import { issueVouchers } from '#loyalty/vouchers'
import { dbInstant } from '#shared/db_time'
import { rowsOf, sql, sqlRows, type Row, type SqlProgram } from '#shared/sql_program'

/** What an animation or a campaign gives: bonus points, or a voucher with its own terms. */
export type AnimationReward =
  | { type: 'points'; points: number; program_id: string | null }
  | { type: 'voucher'; voucher: VoucherTerms; program_id: string | null }

export interface RewardGrant {
  customerId: number
  customerStoreId: number
  reward: AnimationReward
  /** The animation's (or campaign's) public id: the ledger entry and the voucher name it as their cause. */
  causeId: string
  at: Date
  dialect: string
}

export interface GrantedReward {
  programId: number
  voucherId: number | null
  points: number
}

/**
 * Grants an animation's reward through the loyalty ledger, in the caller's
 * transaction (the firing's): a `bonus` lot caused by the animation, with
 * the programme's validity from today, or a voucher of source `animation`.
 * The programme is the one named, or the customer's first active
 * programme open to everyone; none, or the customer not a member of a
 * programme they must join: nothing is granted (null).
 */
export function* grantAnimationReward(grant: RewardGrant): SqlProgram<GrantedReward | null> {
  return (yield* grantAnimationRewards([grant]))[0]
}

/**
 * The same for a batch of grants (a daily pass's chunk), in their order:
 * vouchers for a whole batch cost a few statements, not a few per customer.
 */
export function* grantAnimationRewards(grants: RewardGrant[]): SqlProgram<Array<GrantedReward | null>> {
  const granted: Array<GrantedReward | null> = grants.map(() => null)
  const programs = new Map<string, Row | null>()
  const vouchersByProgram = new Map<number, { program: Row; indexes: number[] }>()
  for (const [index, grant] of grants.entries()) {
    const programKey = `${grant.customerStoreId}:${grant.reward.program_id ?? ''}`
    if (!programs.has(programKey)) programs.set(programKey, yield* programFor(grant))
    const program = programs.get(programKey)
    if (!program) continue
    if (grant.reward.type === 'points') {
      granted[index] = yield* grantPoints(grant, grant.reward.points, program)
      continue
    }
    const group = vouchersByProgram.get(Number(program.id)) ?? { program, indexes: [] }
    group.indexes.push(index)
    vouchersByProgram.set(Number(program.id), group)
  }
  for (const { program, indexes } of vouchersByProgram.values()) {
    const members = yield* membersOf(program, [...new Set(indexes.map((index) => grants[index].customerId))], grants[indexes[0]])
    const issued = indexes.filter((index) => members.has(grants[index].customerId))
    const vouchers = yield* issueVouchers(
      issued.map((index) => {
        const grant = grants[index]
        return {
          customerId: grant.customerId,
          programId: Number(program.id),
          source: 'animation' as const,
          terms: (grant.reward as Extract<AnimationReward, { type: 'voucher' }>).voucher,
          causeEntryId: null,
          issuedAt: grant.at,
          timezone: String(program.timezone),
          dialect: grant.dialect,
        }
      })
    )
    issued.forEach((index, position) => (granted[index] = { programId: Number(program.id), voucherId: vouchers[position].rowId, points: 0 }))
  }
  return granted
}

function* grantPoints(grant: RewardGrant, points: number, program: Row): SqlProgram<GrantedReward | null> {
  const programId = Number(program.id)
  const { rules, version } = yield* programRulesOf(programId, Number(program.rules_version))
  if (!rules.points) return null
  const nowDb = dbInstant(grant.at, grant.dialect)
  yield* lockCustomer(grant.customerId, grant.dialect)
  const lock = grant.dialect === 'postgres' ? ' FOR UPDATE' : ''
  let [account] = yield sql(`SELECT id FROM loyalty_accounts WHERE customer_id = ? AND program_id = ?${lock}`, [grant.customerId, programId])
  if (!account) {
    if (program.enrolment !== 'auto') return null
    account = { id: (yield* openAccount(grant.customerId, programId, rules, nowDb)).id }
  }
  const accountId = Number(account.id)
  const deltas = yield* expireDue(accountId, nowDb, nowDb)
  const expiresAt = lotExpiry(grant.at, rules.points.validity_months, String(program.timezone))
  const entry = {
    accountId,
    unit: 'points' as const,
    kind: 'bonus' as const,
    amount: points,
    cause: { type: 'animation' as const, id: grant.causeId },
    occurredAt: nowDb,
    now: nowDb,
    expiresAt: expiresAt && dbInstant(expiresAt, grant.dialect),
    rulesVersion: version,
  }
  yield* creditAll([entry], () => true)
  deltas.points += points
  yield* applyDeltas(accountId, deltas, nowDb)
  return { programId, voucherId: null, points }
}

/**
 * The customers who are members of the programme; a programme everyone
 * joins opens the missing accounts (one statement each way). A voucher
 * changes no balance: no customer lock is needed.
 */
function* membersOf(program: Row, customerIds: number[], sample: RewardGrant): SqlProgram<Set<number>> {
  const programId = Number(program.id)
  const rows = yield sqlRows(`SELECT customer_id FROM loyalty_accounts WHERE program_id = ? AND customer_id IN (${customerIds.map(() => '?').join(', ')})`, [programId, ...customerIds])
  const members = new Set(rows.map((row) => Number(row.customer_id)))
  const missing = customerIds.filter((id) => !members.has(id))
  if (missing.length === 0 || program.enrolment !== 'auto') return members
  const { rules } = yield* programRulesOf(programId, Number(program.rules_version))
  const tier = rules.tiers?.levels[0]?.key ?? null
  const nowDb = dbInstant(sample.at, sample.dialect)
  yield sqlRows(
    `INSERT INTO loyalty_accounts (customer_id, program_id, points, stamps, cashback_cents, tier, tier_since, created_at, updated_at)
     VALUES ${rowsOf(missing.length, 9)} ON CONFLICT (customer_id, program_id) DO NOTHING`,
    missing.flatMap((customerId) => [customerId, programId, 0, 0, 0, tier, tier ? nowDb : null, nowDb, nowDb])
  )
  for (const id of missing) members.add(id)
  return members
}

function* programFor(grant: RewardGrant): SqlProgram<Row | null> {
  const columns = `SELECT p.id, p.enrolment, p.rules_version, COALESCE(ps.timezone, cs.timezone, 'Europe/Paris') AS timezone
     FROM loyalty_programs p LEFT JOIN stores ps ON ps.id = p.store_id LEFT JOIN stores cs ON cs.id = ?`
  if (grant.reward.program_id) {
    const [named] = yield sql(`${columns} WHERE p.public_id = ? AND p.status = 'active'`, [grant.customerStoreId, grant.reward.program_id])
    return named ?? null
  }
  const [first] = yield sql(
    `${columns} WHERE p.status = 'active' AND p.enrolment = 'auto' AND (p.store_id IS NULL OR p.store_id = ?) ORDER BY p.position, p.id LIMIT 1`,
    [grant.customerStoreId, grant.customerStoreId]
  )
  return first ?? null
}
