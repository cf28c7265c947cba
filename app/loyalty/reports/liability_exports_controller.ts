import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#shared/audit'
import { csvHeaders } from '#customers/export/csv_stream'
import { liabilityReport } from '#loyalty/liability_report'
import { askedPeriod, businessTimezone } from '#loyalty/reports/liability_period'
import { liabilityCsv, liabilityFileName } from '#loyalty/reports/liability_csv'
import { liabilityView } from '#loyalty/reports/liability_view'

/** GET /admin/loyalty/liability.csv: the same figures for the accountant's spreadsheet, owners only, audited (R56). */
export default class LiabilityExportsController {
  async show({ auth, request, response, view, i18n }: HttpContext) {
    const timezone = await businessTimezone()
    const asked = await askedPeriod(request.qs(), timezone, i18n)
    if (!asked.ok) return response.status(422).send(await view.render('loyalty/liability', liabilityView(asked, timezone, null, i18n)))
    const report = await liabilityReport(asked.period)
    const csv = liabilityCsv(report, i18n)
    const details = { from: asked.period.fromOn, to: asked.period.toOn, row_count: csv.rowCount, format: 'csv' }
    await audit({ staffMemberId: auth.use('web').user!.id, action: 'loyalty.liability_exported', details, ip: request.ip() })
    for (const [name, value] of Object.entries(csvHeaders(liabilityFileName(report, i18n)))) response.header(name, value)
    return response.send(csv.text)
  }
}
