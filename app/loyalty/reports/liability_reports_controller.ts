import type { HttpContext } from '@adonisjs/core/http'
import { liabilityReport } from '#loyalty/liability_report'
import { askedPeriod, businessTimezone } from '#loyalty/reports/liability_period'
import { liabilityView } from '#loyalty/reports/liability_view'

/** GET /admin/loyalty/liability: the loyalty liability for the accountant (R38), owners only. */
export default class LiabilityReportsController {
  async show({ request, response, view, i18n }: HttpContext) {
    const timezone = await businessTimezone()
    const asked = await askedPeriod(request.qs(), timezone, i18n)
    if (!asked.ok) return response.status(422).send(await view.render('loyalty/liability', liabilityView(asked, timezone, null, i18n)))
    const report = await liabilityReport(asked.period)
    return view.render('loyalty/liability', liabilityView(asked, timezone, report, i18n))
  }
}
