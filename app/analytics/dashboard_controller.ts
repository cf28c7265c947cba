import type { HttpContext } from '@adonisjs/core/http'
import { askedDashboard } from '#analytics/dashboard_query'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { dashboardView } from '#analytics/dashboard_view'

/** GET /admin/dashboard: the owner's and the marketer's numbers for a period and a store, against the period before. */
export default class DashboardController {
  async show({ request, response, view, i18n }: HttpContext) {
    const asked = await askedDashboard(request.qs(), i18n)
    if (!asked.ok) return response.status(422).send(await view.render('analytics/dashboard', dashboardView(asked, null, i18n)))
    return view.render('analytics/dashboard', dashboardView(asked, await dashboardFigures(asked.period), i18n))
  }
}
