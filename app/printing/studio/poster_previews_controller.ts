import type { HttpContext } from '@adonisjs/core/http'
import { invalidChoice, orFailure, sendFailure } from '#printing/studio/poster_failure'
import { previewPoster } from '#printing/studio/preview_poster'
import { posterInputOf, readStudioQuery } from '#printing/studio/studio_query'

/** GET /admin/printing/preview.png: the poster's first page as a thumbnail, for the studio; 422 or 503 with the reason as text. */
export default class PosterPreviewsController {
  async show({ request, response, i18n }: HttpContext) {
    const asked = await readStudioQuery(request.qs(), i18n)
    if (!asked.ok) return sendFailure(response, invalidChoice(asked.errors, i18n))
    return orFailure(response, asked.choice, i18n, async () => {
      const png = await previewPoster(posterInputOf(asked.choice))
      return response.header('Content-Type', 'image/png').header('Cache-Control', 'no-store').send(png)
    })
  }
}
