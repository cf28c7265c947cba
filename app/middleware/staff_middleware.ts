import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { StaffRole } from '#staff/models/staff_member'

/**
 * Staff pages: a signed-in, enabled account with one of the allowed roles.
 * The account is re-read on every request, so disabling it or changing its
 * role takes effect on the very next request (R48).
 */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { roles: StaffRole[] }) {
    const guard = ctx.auth.use('web')
    const signedIn = await guard.check()
    if (!signedIn || !guard.user || guard.user.isDisabled) {
      if (signedIn) await guard.logout()
      return this.refuse(ctx, 401)
    }
    if (!options.roles.includes(guard.user.role)) {
      return this.refuse(ctx, 403)
    }
    if ('view' in ctx) ctx.view.share({ staff: guard.user })
    return next()
  }

  protected async refuse(ctx: HttpContext, status: 401 | 403) {
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(status).send({ errors: [{ message: status === 401 ? 'Sign-in required' : 'Forbidden' }] })
    }
    if (status === 401) {
      if (ctx.request.method() === 'GET') ctx.session.put('intended', ctx.request.url(true))
      return ctx.response.redirect('/sign-in')
    }
    return ctx.response.status(403).send(await ctx.view.render('errors/forbidden'))
  }
}
