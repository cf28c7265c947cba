import { lockCustomer } from '#customers/customer_lock'
import { openAccount } from '#loyalty/earn_on_purchase'
import { applyDeltas, creditAll, expireDue } from '#loyalty/ledger'
import { programRulesOf } from '#loyalty/programs_cache'
import type { VoucherTerms } from '#loyalty/program_rules'
import { lotExpiry } from '#loyalty/validity'
import { issueVoucher } from '#loyalty/vouchers'
import { dbInstant } from '#shared/db_time'
import { sql, type Row, type SqlProgram } from '#shared/sql_program'

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
 * programme open to everyone; none: nothing is granted (null).
 */
export function* grantAnimationReward(grant: RewardGrant): SqlProgram<GrantedReward | null> {
  const program = yield* programFor(grant)
  if (!program) return null
  const programId = Number(program.id)
  const { rules, version } = yield* programRulesOf(programId, Number(program.rules_version))
  const nowDb = dbInstant(grant.at, grant.dialect)
  const timezone = String(program.timezone)
  yield* lockCustomer(grant.customerId, grant.dialect)
  const lock = grant.dialect === 'postgres' ? ' FOR UPDATE' : ''
  let [account] = yield sql(`SELECT id FROM loyalty_accounts WHERE customer_id = ? AND program_id = ?${lock}`, [grant.customerId, programId])
  if (!account) {
    if (program.enrolment !== 'auto') return null
    account = { id: (yield* openAccount(grant.customerId, programId, rules, nowDb)).id }
  }
  const accountId = Number(account.id)
  if (grant.reward.type === 'points') {
    if (!rules.points) return null
    const deltas = yield* expireDue(accountId, nowDb, nowDb)
    const expiresAt = lotExpiry(grant.at, rules.points.validity_months, timezone)
    const entry = {
      accountId,
      unit: 'points' as const,
      kind: 'bonus' as const,
      amount: grant.reward.points,
      cause: { type: 'animation' as const, id: grant.causeId },
      occurredAt: nowDb,
      now: nowDb,
      expiresAt: expiresAt && dbInstant(expiresAt, grant.dialect),
      rulesVersion: version,
    }
    yield* creditAll([entry], () => true)
    deltas.points += grant.reward.points
    yield* applyDeltas(accountId, deltas, nowDb)
    return { programId, voucherId: null, points: grant.reward.points }
  }
  const voucher = yield* issueVoucher({
    customerId: grant.customerId,
    programId,
    source: 'animation',
    terms: grant.reward.voucher,
    causeEntryId: null,
    issuedAt: grant.at,
    timezone,
    dialect: grant.dialect,
  })
  const [row] = yield sql('SELECT id FROM vouchers WHERE public_id = ?', [voucher.id])
  return { programId, voucherId: Number(row.id), points: 0 }
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
