import type { HttpContext } from '@adonisjs/core/http'
import StaffMember from '#staff/models/staff_member'
import Store from '#stores/models/store'
import { inviteStaffValidator } from '#staff/validators'
import { EmailTakenError, inviteStaff } from '#staff/invite_staff'
import { fieldError, translatedMessages } from '#staff/validation_messages'
import { appUrl } from '#config/app'

export default class StaffController {
  async index({ view }: HttpContext) {
    const members = await StaffMember.query().preload('store').orderBy('fullName').orderBy('id').limit(1000)
    return view.render('staff/index', { members })
  }

  async create({ view }: HttpContext) {
    return view.render('staff/new', { stores: await Store.query().whereNull('archivedAt').orderBy('name') })
  }

  /** The invitation link is rendered once here; no mail transport exists yet to send it. */
  async store({ request, response, view, auth, i18n }: HttpContext) {
    const input = await request.validateUsing(inviteStaffValidator, translatedMessages(i18n))
    const store = input.store_id ? await Store.findBy('publicId', input.store_id) : null
    if (input.store_id && !store) throw fieldError('store_id', i18n.t('staff.validation.invalid'))
    try {
      const invitation = await inviteStaff({
        fullName: input.full_name,
        email: input.email,
        role: input.role,
        storeId: store?.id ?? null,
        locale: i18n.locale,
        invitedBy: auth.use('web').user!,
        ip: request.ip(),
      })
      response.header('cache-control', 'no-store')
      return view.render('staff/invited', { member: invitation.member, link: `${appUrl}/invitations/${invitation.token}` })
    } catch (error) {
      if (error instanceof EmailTakenError) throw fieldError('email', i18n.t('staff.validation.email_taken'), 'unique')
      throw error
    }
  }
}
