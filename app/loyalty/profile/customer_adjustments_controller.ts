import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldError, fieldMessages } from '#customers/validation'
import { adjustBalance } from '#loyalty/adjust_balance'
import { adjustmentValidator } from '#loyalty/profile/validators'

/** A staff correction of a balance, with its mandatory reason (audited). */
export default class CustomerAdjustmentsController {
  async store({ params, request, response, session, i18n, auth, view }: HttpContext) {
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    const input = await request.validateUsing(adjustmentValidator, { messagesProvider: fieldMessages(i18n) })
    if (input.amount === 0) throw fieldError('amount', i18n.t('loyalty.adjust.not_zero'))
    const staff = auth.use('web').user!
    const result = await adjustBalance({ customer, programPublicId: input.program_id, unit: input.unit, amount: input.amount, reason: input.reason, staff, ip: request.ip() })
    if (result.ok) session.flash('success', i18n.t('loyalty.adjust.done', { amount: input.amount, unit: i18n.t(`loyalty.units.${input.unit}`), balance: result.balance }))
    else session.flash('error', i18n.t(`loyalty.adjust.refused.${result.code}`))
    return response.redirect(`/admin/customers/${customer.publicId}/loyalty`)
  }
}
