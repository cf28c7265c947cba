import type { HttpContext } from '@adonisjs/core/http'
import { acceptInvitationValidator } from '#staff/validators'
import { acceptInvitation, findInvitation } from '#staff/accept_invitation'
import { recordSignIn } from '#staff/sign_in'
import { translatedMessages } from '#staff/validation_messages'

/** The invitee's page: choose a password, then they are signed in. */
export default class InvitationsController {
  async show({ params, view, response }: HttpContext) {
    const member = await findInvitation(params.token)
    response.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    if (!member) return response.status(404).send(await view.render('staff/invitation_invalid'))
    return view.render('staff/invitation', { member, token: params.token })
  }

  async update({ params, request, response, view, auth, i18n, session }: HttpContext) {
    const member = await findInvitation(params.token)
    if (!member) return response.status(404).send(await view.render('staff/invitation_invalid'))
    const { password } = await request.validateUsing(acceptInvitationValidator, translatedMessages(i18n))
    await acceptInvitation(member, password, request.ip())
    await auth.use('web').login(member)
    await recordSignIn(member, request.ip())
    session.flash('success', i18n.t('staff.invitation.welcome', { name: member.fullName }))
    return response.redirect(member.homePath)
  }
}
