import { redeem, type RedemptionInput } from '#loyalty/redeem'
import { refundPurchase, type RefundInput } from '#loyalty/refund_purchase'
import { refusalBody } from '#pos/idempotent_write'
import type { Outcome } from '#pos/idempotency'
import type { SqlProgram } from '#shared/sql_program'

/** A redemption as the answer stored under its idempotency key (POS API and till alike). */
export function* redemptionOutcome(input: RedemptionInput, dialect: string): SqlProgram<Outcome> {
  const result = yield* redeem(input, dialect)
  return result.ok ? { status: 201, body: result.body } : refusalBody(result)
}

/** A refund as the answer stored under its idempotency key (POS API and till alike). */
export function* refundOutcome(input: RefundInput, dialect: string): SqlProgram<Outcome> {
  const result = yield* refundPurchase(input, dialect)
  return result.ok ? { status: 201, body: result.body } : refusalBody(result)
}
