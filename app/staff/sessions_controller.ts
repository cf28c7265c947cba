import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import StaffMember from '#staff/models/staff_member'
import { signInValidator } from '#staff/validators'
import { attemptSignIn, recordSignIn, safeIntended } from '#staff/sign_in'
import { ThrottleStoreDownError } from '#staff/sign_in_throttle'
import { translatedMessages } from '#staff/validation_messages'
import { audit } from '#shared/audit'
import { DEMO_ACCOUNTS } from '#database/seeders/demo_accounts'

export default class SessionsController {
  async create({ view, response }: HttpContext) {
    if (!(await StaffMember.exists())) return response.redirect('/setup')
    return view.render('staff/sign_in', { demoAccounts: app.inDev ? DEMO_ACCOUNTS : [] })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n, auth } = ctx
    const input = await request.validateUsing(signInValidator, translatedMessages(i18n))
    let result
    try {
      result = await attemptSignIn({ ...input, ip: request.ip() })
    } catch (error) {
      if (!(error instanceof ThrottleStoreDownError)) throw error
      return this.refuse(ctx, 503, i18n.t('staff.sign_in.unavailable'))
    }
    if (result.status === 'throttled') {
      response.header('retry-after', String(result.retryAfter))
      return this.refuse(ctx, 429, i18n.t('staff.sign_in.throttled', { minutes: Math.ceil(result.retryAfter / 60) }))
    }
    if (result.status === 'invalid') {
      session.flashOnly(['email'])
      session.flash('error', i18n.t('staff.sign_in.invalid'))
      return response.redirect('/sign-in')
    }
    await auth.use('web').login(result.member)
    await recordSignIn(result.member, request.ip())
    return response.redirect(safeIntended(session.pull('intended')) ?? result.member.homePath)
  }

  async destroy({ auth, request, response }: HttpContext) {
    const guard = auth.use('web')
    if (await guard.check()) {
      await audit({ staffMemberId: guard.user!.id, action: 'staff.signed_out', subjectType: 'staff_member', subjectId: guard.user!.publicId, ip: request.ip() })
      await guard.logout()
    }
    return response.redirect('/sign-in')
  }

  protected async refuse({ view, response, request }: HttpContext, status: 429 | 503, message: string) {
    const html = await view.render('staff/sign_in', { demoAccounts: [], refusal: message, email: request.input('email') })
    return response.status(status).header('cache-control', 'no-store').send(html)
  }
}
