import type { HttpContext } from '@adonisjs/core/http'
import { fieldError } from '#customers/validation'
import { refundPurchase, type RefundInput } from '#loyalty/refund_purchase'
import { idempotentWrite, refusalBody } from '#pos/idempotent_write'
import { refundValidator, ULID } from '#pos/validators'
import { posErrors } from '#pos/errors'
import type { Outcome } from '#pos/idempotency'
import type { SqlProgram } from '#shared/sql_program'

/** POS API v1 refunds of a recorded sale (app/loyalty/refund_purchase.ts). */
export default class PosRefundsController {
  async store(ctx: HttpContext) {
    const purchaseId = String(ctx.params.id).toUpperCase()
    return idempotentWrite(
      ctx,
      async ({ store, tokenId, body }): Promise<RefundInput> => {
        if (!ULID.test(purchaseId)) throw posErrors.purchaseNotFound()
        const payload = await refundValidator.validate(body)
        if ((payload.amount_cents === undefined) === (payload.lines === undefined)) throw fieldError('amount_cents', 'Give exactly one of amount_cents or lines', 'exactly_one')
        return { storeId: store.id, tokenId, purchasePublicId: purchaseId, amountCents: payload.amount_cents ?? null, lines: payload.lines ?? null }
      },
      run
    )
  }
}

function* run(input: RefundInput, dialect: string): SqlProgram<Outcome> {
  const result = yield* refundPurchase(input, dialect)
  return result.ok ? { status: 201, body: result.body } : refusalBody(result)
}
