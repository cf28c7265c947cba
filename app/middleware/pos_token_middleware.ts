import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as authErrors } from '@adonisjs/auth'
import { consumePosQuota } from '#pos/rate_limit'

/**
 * POS API: a valid, unrevoked store token (Authorization: Bearer …), then
 * the per-token rate limit. Both refusals are JSON in the API error shape.
 */
export default class PosTokenMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('api')
    try {
      await guard.authenticate()
    } catch (error) {
      if (!(error instanceof authErrors.E_UNAUTHORIZED_ACCESS)) throw error
      return ctx.response.status(401).header('WWW-Authenticate', 'Bearer').send({
        errors: [{ code: 'E_UNAUTHORIZED', message: 'A valid, unrevoked bearer token is required' }],
      })
    }
    const verdict = await consumePosQuota(String(guard.user!.currentAccessToken.identifier))
    if (!verdict.allowed) {
      return ctx.response
        .status(429)
        .header('Retry-After', String(verdict.retryAfterSeconds))
        .header('X-RateLimit-Limit', String(verdict.limit))
        .send({ errors: [{ code: 'E_TOO_MANY_REQUESTS', message: 'Too many requests for this token; retry later' }] })
    }
    return next()
  }
}
