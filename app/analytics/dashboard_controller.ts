import type { HttpContext } from '@adonisjs/core/http'
import { askedDashboard } from '#analytics/dashboard_query'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { dashboardView } from '#analytics/dashboard_view'
import { weeklySummaryState } from '#analytics/weekly_summary/subscription'
import { dashboardSuggestions, suggestionQuestion } from '#analytics/suggestions/dashboard_suggestions'

/** GET /admin/dashboard: the owner's and the marketer's numbers for a period and a store, against the period before. */
export default class DashboardController {
  async show({ request, response, view, i18n, auth }: HttpContext) {
    const asked = await askedDashboard(request.qs(), i18n)
    const weeklySummary = weeklySummaryState(auth.use('web').user)
    if (!asked.ok) return response.status(422).send(await view.render('analytics/dashboard', { ...dashboardView(asked, null, i18n), weeklySummary }))
    const [figures, suggestions] = await Promise.all([dashboardFigures(asked.period), dashboardSuggestions(suggestionQuestion(asked))])
    return view.render('analytics/dashboard', { ...dashboardView(asked, figures, i18n), suggestions, weeklySummary })
  }
}
