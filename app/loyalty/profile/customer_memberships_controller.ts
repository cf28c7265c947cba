import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldMessages } from '#customers/validation'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import { joinProgram } from '#loyalty/program_membership'
import { membershipValidator } from '#loyalty/profile/validators'

/** Adding a customer to a programme with manual enrolment (a student programme, a staff card…). */
export default class CustomerMembershipsController {
  async store({ params, request, response, session, i18n, auth, view }: HttpContext) {
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    const input = await request.validateUsing(membershipValidator, { messagesProvider: fieldMessages(i18n) })
    const program = await LoyaltyProgram.query().where('publicId', input.program_id).where('enrolment', 'manual').first()
    if (!program) session.flash('error', i18n.t('loyalty.membership.not_found'))
    else {
      const { joined } = await joinProgram(customer, program, auth.use('web').user!.id, request.ip())
      session.flash('success', i18n.t(joined ? 'loyalty.membership.joined' : 'loyalty.membership.already', { program: program.name }))
    }
    return response.redirect(`/admin/customers/${customer.publicId}/loyalty`)
  }
}
