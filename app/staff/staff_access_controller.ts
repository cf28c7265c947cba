import type { HttpContext } from '@adonisjs/core/http'
import StaffMember from '#staff/models/staff_member'
import { changeRoleValidator } from '#staff/validators'
import { changeStaffRole, disableStaff, enableStaff, LastOwnerError, type AccessChange } from '#staff/change_staff_access'
import { translatedMessages } from '#staff/validation_messages'

/** Role, disable and re-enable: the owner's changes to someone's access. */
export default class StaffAccessController {
  async role(ctx: HttpContext) {
    const { role } = await ctx.request.validateUsing(changeRoleValidator, translatedMessages(ctx.i18n))
    return this.change(ctx, (change) => changeStaffRole({ ...change, role }), 'staff.role_changed')
  }

  async disable(ctx: HttpContext) {
    return this.change(ctx, disableStaff, 'staff.disabled')
  }

  async enable(ctx: HttpContext) {
    return this.change(ctx, enableStaff, 'staff.enabled')
  }

  protected async change(ctx: HttpContext, apply: (change: AccessChange) => Promise<StaffMember>, done: string) {
    const { params, request, response, session, auth, i18n } = ctx
    const member = await StaffMember.query().where('publicId', params.publicId).firstOrFail()
    try {
      await apply({ member, by: auth.use('web').user!, ip: request.ip() })
      session.flash('success', i18n.t(`staff.flash.${done.split('.')[1]}`, { name: member.fullName }))
    } catch (error) {
      if (!(error instanceof LastOwnerError)) throw error
      session.flash('error', i18n.t('staff.flash.last_owner'))
    }
    return response.redirect('/admin/staff')
  }
}
