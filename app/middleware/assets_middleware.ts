import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/** The folders and files under public/ (one stat per asset request, none for the rest). */
const ASSET_PATH = /^\/(?:css|js|img|fonts)\/|^\/(?:favicon\.ico|robots\.txt)$/

/**
 * Serves public/ only for asset paths. The static server otherwise stats
 * the file system on every request, API calls included.
 */
export default class AssetsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const method = ctx.request.method()
    if ((method !== 'GET' && method !== 'HEAD') || !ASSET_PATH.test(ctx.request.url())) return next()
    const assets = await app.container.make(StaticMiddleware)
    return assets.handle(ctx, next)
  }
}
