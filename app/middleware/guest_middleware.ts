import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Pages for signed-out visitors (sign-in, invitation, first run): a signed-in
 * staff member is sent to their home page instead.
 */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('web')
    if ((await guard.check()) && guard.user && !guard.user.isDisabled) {
      return ctx.response.redirect(guard.user.homePath)
    }
    return next()
  }
}
