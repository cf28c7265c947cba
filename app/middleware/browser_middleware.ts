import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'

/** Machine endpoints: bearer tokens or monitoring, never cookies or forms. */
export function isMachineRequest(ctx: HttpContext) {
  const url = ctx.request.url()
  return url.startsWith('/api/') || url === '/health'
}

/**
 * Session and shield (CSRF, CSP, frame and sniffing headers) for what a
 * browser uses. The POS API and /health skip both: no session cookie to
 * read, sign and write back, no CSRF secret per request on the till's hot
 * path (research/performance.md S1).
 */
export default class BrowserMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (isMachineRequest(ctx)) {
      ctx.response.header('X-Content-Type-Options', 'nosniff')
      return next()
    }
    const session = await app.container.make(SessionMiddleware)
    const shield = await app.container.make(ShieldMiddleware)
    return session.handle(ctx, () => shield.handle(ctx, next))
  }
}
