import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { fieldMessages } from '#customers/validation'
import { setTierFloor } from '#loyalty/set_tier_floor'
import { tierFloorValidator } from '#loyalty/profile/validators'

/** A tier set by hand: a floor the recalculations never go below (audited, with its reason). */
export default class CustomerTierFloorsController {
  async store({ params, request, response, session, i18n, auth, view }: HttpContext) {
    const customer = await findCustomerByPublicId(params.publicId)
    if (!customer) return response.notFound(await view.render('errors/not_found'))
    const input = await request.validateUsing(tierFloorValidator, { messagesProvider: fieldMessages(i18n) })
    const tierKey = input.tier ? input.tier : null
    const result = await setTierFloor({ customer, programPublicId: input.program_id, tierKey, reason: input.floor_reason, staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    if (result.ok) session.flash('success', i18n.t(tierKey ? 'loyalty.tier_floor.set' : 'loyalty.tier_floor.removed'))
    else session.flash('error', i18n.t(`loyalty.tier_floor.refused.${result.code}`))
    return response.redirect(`/admin/customers/${customer.publicId}/loyalty`)
  }
}
