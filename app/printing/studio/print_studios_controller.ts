import type { HttpContext } from '@adonisjs/core/http'
import { studioPage } from '#printing/studio/studio_page'

/** GET /admin/printing: the print studio (owners). A GET form, so it works without JavaScript; print_studio.js refreshes the preview as the form changes. */
export default class PrintStudiosController {
  async show({ request, response, view, i18n }: HttpContext) {
    const page = await studioPage(request.qs(), i18n)
    const html = await view.render('printing/studio', page.state)
    return response.status(page.status).send(html)
  }
}
