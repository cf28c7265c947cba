import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldMessages } from '#customers/validation'
import { tillPurchaseValidator } from '#till/validators'
import { linesOf } from '#till/purchase_lines'
import { recordTillPurchase } from '#till/record_till_purchase'
import { storeOfStaff } from '#till/staff_store'

export default class TillPurchasesController {
  async store(ctx: HttpContext) {
    const { request, response, session, i18n, params } = ctx
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await ctx.view.render('errors/not_found'))
    const input = await request.validateUsing(tillPurchaseValidator, { messagesProvider: fieldMessages(i18n) })
    const staff = ctx.auth.use('web').user!
    const { duplicate } = await recordTillPurchase({
      customer,
      store: await storeOfStaff(staff),
      totalCents: input.amount,
      formToken: input.token,
      lines: linesOf(input.lines ?? [], i18n.t('customers.validation.line')),
      staffMemberId: staff.id,
    })
    session.flash('success', i18n.t(duplicate ? 'till.purchase.already_recorded' : 'till.purchase.recorded'))
    return response.redirect(`/till/customers/${customer.publicId}`)
  }
}
