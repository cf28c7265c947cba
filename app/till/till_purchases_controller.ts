import type { HttpContext } from '@adonisjs/core/http'
import type { LoyaltyOutcome } from '#loyalty/earn_on_purchase'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldMessages } from '#customers/validation'
import { tillPurchaseValidator } from '#till/validators'
import { linesOf } from '#till/purchase_lines'
import { recordTillPurchase } from '#till/record_till_purchase'
import { storeOfStaff } from '#till/staff_store'

/** "Purchase recorded: +12 points, +2 stamps. Voucher ABCD… issued." */
function recordedMessage(i18n: HttpContext['i18n'], loyalty: LoyaltyOutcome | null) {
  const parts = [i18n.t('till.purchase.recorded')]
  if (loyalty && loyalty.programs.length > 0) parts.push(i18n.t('till.purchase.earned', { points: loyalty.earned.points, stamps: loyalty.earned.stamps }))
  for (const voucher of loyalty?.rewards_issued ?? []) parts.push(i18n.t('till.purchase.voucher_issued', { code: voucher.code }))
  return parts.join(' ')
}

export default class TillPurchasesController {
  async store(ctx: HttpContext) {
    const { request, response, session, i18n, params } = ctx
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await ctx.view.render('errors/not_found'))
    const input = await request.validateUsing(tillPurchaseValidator, { messagesProvider: fieldMessages(i18n) })
    const staff = ctx.auth.use('web').user!
    const { duplicate, loyalty } = await recordTillPurchase({
      customer,
      store: await storeOfStaff(staff),
      totalCents: input.amount,
      formToken: input.token,
      lines: linesOf(input.lines ?? [], i18n.t('customers.validation.line')),
      staffMemberId: staff.id,
    })
    session.flash('success', duplicate ? i18n.t('till.purchase.already_recorded') : recordedMessage(i18n, loyalty))
    return response.redirect(`/till/customers/${customer.publicId}`)
  }
}
