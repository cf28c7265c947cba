import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import type { RedemptionInput } from '#loyalty/redeem'
import { redemptionOutcome } from '#pos/loyalty_outcomes'
import { redemptionMessage, tillRefusalMessage } from '#till/till_loyalty_messages'
import { runTillWrite, validTillForm } from '#till/till_loyalty_write'
import { storeOfStaff } from '#till/staff_store'
import { tillRedemptionValidator } from '#till/validators'

type Payload = Awaited<ReturnType<typeof tillRedemptionValidator.validate>>

/** What the form gives: exactly one of a voucher, a reward, points or cashback. */
function whatOf(input: Payload): RedemptionInput['what'] | null {
  const given = [input.voucher_code, input.reward_id, input.points, input.cashback].filter((value) => value !== undefined)
  if (given.length !== 1) return null
  if (input.voucher_code) return { voucherCode: input.voucher_code }
  if (input.reward_id) return { rewardPublicId: input.reward_id }
  return input.points !== undefined ? { points: input.points } : { cashbackCents: input.cashback! }
}

/** Redeeming at the till: Comptoir answers the discount, the till applies it (no payment is recorded). */
export default class TillRedemptionsController {
  async store(ctx: HttpContext) {
    const { response, session, i18n, params } = ctx
    const customer = await findCustomerByPublicId(params.publicId)
    const staff = ctx.auth.use('web').user!
    const store = await storeOfStaff(staff)
    if (!customer || !store) return response.notFound(await ctx.view.render('errors/not_found'))
    const back = `/till/customers/${customer.publicId}`
    const input = await validTillForm(ctx, tillRedemptionValidator, back)
    if (!input) return
    const what = whatOf(input)
    if (!what) return (session.flash('error', i18n.t('till.redeem.choose_one')), response.redirect(back))
    const redemption: RedemptionInput = {
      storeId: store.id,
      timezone: store.timezone,
      actor: { source: 'till', staffMemberId: staff.id },
      customerPublicId: customer.publicId,
      what,
      totalCents: input.basket_total ?? null,
      purchasePublicId: null,
    }
    const answer = await runTillWrite(ctx, input.token, { ...input, customer: customer.publicId }, (dialect) => redemptionOutcome(redemption, dialect))
    session.flash(answer.ok ? 'success' : 'error', answer.ok ? redemptionMessage(i18n, answer.body, answer.replayed) : tillRefusalMessage(i18n, answer.code))
    return response.redirect(back)
  }
}
