import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { askedDashboard } from '#analytics/dashboard_query'
import { dashboardView } from '#analytics/dashboard_view'
import { setWeeklySummary, weeklySummaryState } from '#analytics/weekly_summary/subscription'

const weeklySummaryValidator = vine.compile(vine.object({ weekly_summary: vine.enum(['on', 'off']) }))

/** POST /admin/dashboard/weekly-summary: the owner turns their weekly summary e-mail on or off. */
export default class WeeklySummariesController {
  async update({ request, response, session, view, auth, i18n }: HttpContext) {
    const owner = auth.use('web').user!
    const [error, input] = await weeklySummaryValidator.tryValidate(request.body())
    if (error) {
      // Only a tampered form gets here: the dashboard again, this month's form and the toggle with the problem (422).
      const state = { ...dashboardView(await askedDashboard({}, i18n), null, i18n), weeklySummary: { ...weeklySummaryState(owner), error: i18n.t('weekly_summary.toggle.invalid') } }
      return response.status(422).send(await view.render('analytics/dashboard', state))
    }
    await setWeeklySummary(owner, input.weekly_summary === 'on')
    session.flash('success', i18n.t(`weekly_summary.toggle.flash_${input.weekly_summary}`))
    return response.redirect('/admin/dashboard')
  }
}
