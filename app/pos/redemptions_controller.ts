import type { HttpContext } from '@adonisjs/core/http'
import { fieldError } from '#customers/validation'
import type { RedemptionInput } from '#loyalty/redeem'
import { idempotentWrite } from '#pos/idempotent_write'
import { redemptionOutcome } from '#pos/loyalty_outcomes'
import { redemptionValidator } from '#pos/validators'

const CHOICES = ['voucher_code', 'reward_id', 'points', 'cashback_cents'] as const

/** POS API v1 redemptions: the discount to apply, never a payment (app/loyalty/redeem.ts). */
export default class PosRedemptionsController {
  async store(ctx: HttpContext) {
    return idempotentWrite(
      ctx,
      async ({ store, tokenId, body }): Promise<RedemptionInput> => {
        const payload = await redemptionValidator.validate(body)
        const given = CHOICES.filter((field) => payload[field] !== undefined)
        if (given.length !== 1) throw fieldError(given[1] ?? 'voucher_code', 'Give exactly one of voucher_code, reward_id, points or cashback_cents', 'exactly_one')
        const what =
          payload.voucher_code !== undefined
            ? { voucherCode: payload.voucher_code }
            : payload.reward_id !== undefined
              ? { rewardPublicId: payload.reward_id }
              : payload.points !== undefined
                ? { points: payload.points }
                : { cashbackCents: payload.cashback_cents! }
        return {
          storeId: store.id,
          timezone: store.timezone,
          actor: { source: 'api', tokenId },
          customerPublicId: payload.customer_id,
          what,
          totalCents: payload.total_cents ?? null,
          purchasePublicId: payload.purchase_id ?? null,
        }
      },
      redemptionOutcome
    )
  }
}
