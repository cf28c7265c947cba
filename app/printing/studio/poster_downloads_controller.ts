import type { HttpContext } from '@adonisjs/core/http'
import { printPoster } from '#printing/posters/print_poster'
import { invalidChoice, orFailure, sendFailure } from '#printing/studio/poster_failure'
import { posterInputOf, readStudioQuery } from '#printing/studio/studio_query'

/** GET /admin/printing/poster.pdf: the poster as a print-ready PDF, downloaded as "<template>-<store>-<format>.pdf". */
export default class PosterDownloadsController {
  async show({ request, response, i18n }: HttpContext) {
    const asked = await readStudioQuery(request.qs(), i18n)
    if (!asked.ok) return sendFailure(response, invalidChoice(asked.errors, i18n))
    const input = posterInputOf(asked.choice)
    return orFailure(response, asked.choice, i18n, async () => {
      const { pdf, store, format } = await printPoster(input)
      response.header('Content-Type', 'application/pdf').header('Cache-Control', 'no-store')
      return response.header('Content-Disposition', `attachment; filename="${pdfFileName(input.template, store.slug, format)}"`).send(pdf)
    })
  }
}

/** Letters, digits and dashes only: nothing in the name can close the header's quotes or climb out of a folder. */
function pdfFileName(...parts: string[]) {
  return `${parts.map((part) => part.replace(/[^A-Za-z0-9-]+/g, '-')).join('-')}.pdf`
}
