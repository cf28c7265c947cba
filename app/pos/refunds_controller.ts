import type { HttpContext } from '@adonisjs/core/http'
import { fieldError } from '#customers/validation'
import type { RefundInput } from '#loyalty/refund_purchase'
import { idempotentWrite } from '#pos/idempotent_write'
import { refundOutcome } from '#pos/loyalty_outcomes'
import { refundValidator, ULID } from '#pos/validators'
import { posErrors } from '#pos/errors'

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
        return { storeId: store.id, actor: { source: 'api', tokenId }, purchasePublicId: purchaseId, amountCents: payload.amount_cents ?? null, lines: payload.lines ?? null }
      },
      refundOutcome
    )
  }
}
