import type { HttpContext } from '@adonisjs/core/http'
import { consumeQuota } from '#shared/rate_limit'

/**
 * Till searches per staff member: plenty for a queue of customers and a
 * scanner, too few to walk the customer base by phone number.
 */
export const TILL_LOOKUP_QUOTA = { requests: 60, durationSeconds: 60 }

/** Answers 429 (page or JSON) and returns false when the member is over quota. */
export async function withinLookupQuota(ctx: HttpContext) {
  const staff = ctx.auth.use('web').user!
  const verdict = await consumeQuota(`till-lookup:${staff.id}`, TILL_LOOKUP_QUOTA)
  if (verdict.allowed) return true
  const message = ctx.i18n.t('common.errors.too_many_requests', { seconds: verdict.retryAfterSeconds })
  ctx.response.status(429).header('Retry-After', String(verdict.retryAfterSeconds))
  if (ctx.request.accepts(['html', 'json']) === 'json' || ctx.request.url().startsWith('/till/lookup')) {
    ctx.response.send({ errors: [{ code: 'E_TOO_MANY_REQUESTS', message }] })
  } else {
    ctx.response.send(await ctx.view.render('errors/too_many_requests', { message }))
  }
  return false
}
