import type { HttpContext } from '@adonisjs/core/http'
import type { RefundInput } from '#loyalty/refund_purchase'
import { refundOutcome } from '#pos/loyalty_outcomes'
import Purchase from '#purchases/models/purchase'
import { refundMessage, tillRefusalMessage } from '#till/till_loyalty_messages'
import { runTillWrite, validTillForm } from '#till/till_loyalty_write'
import { storeOfStaff } from '#till/staff_store'
import { tillRefundValidator } from '#till/validators'

/** A refund typed at the till: an amount, or all that remains of the purchase. */
export default class TillRefundsController {
  async store(ctx: HttpContext) {
    const { response, session, i18n, params } = ctx
    const store = await storeOfStaff(ctx.auth.use('web').user!)
    const purchase = store ? await Purchase.query().where('publicId', params.publicId).where('storeId', store.id).preload('customer').first() : null
    if (!purchase || !store) return response.notFound(await ctx.view.render('errors/not_found'))
    const back = purchase.customer ? `/till/customers/${purchase.customer.publicId}` : '/till'
    const input = await validTillForm(ctx, tillRefundValidator, back)
    if (!input) return
    if (Boolean(input.full) === (input.refund_amount !== undefined)) return (session.flash('error', i18n.t('till.refund.choose_one')), response.redirect(back))
    const actor = { source: 'till' as const, staffMemberId: ctx.auth.use('web').user!.id }
    // "Everything": what remains when the refund runs (null), so a double submit replays instead of refusing.
    const refund: RefundInput = { storeId: store.id, actor, purchasePublicId: purchase.publicId, amountCents: input.full ? null : input.refund_amount!, lines: null }
    const answer = await runTillWrite(ctx, input.token, { ...input, purchase: purchase.publicId }, (dialect) => refundOutcome(refund, dialect))
    session.flash(answer.ok ? 'success' : 'error', answer.ok ? refundMessage(i18n, answer.body, answer.replayed) : tillRefusalMessage(i18n, answer.code))
    return response.redirect(back)
  }
}
