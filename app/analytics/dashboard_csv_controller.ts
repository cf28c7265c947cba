import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import { csvHeaders } from '#customers/export/csv_stream'
import { askedDashboard } from '#analytics/dashboard_query'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { dashboardView } from '#analytics/dashboard_view'

/**
 * GET /admin/dashboard.csv: the trend's table, one row per day, as a French
 * spreadsheet expects it (UTF-8 with a BOM, `;`, CRLF, DD/MM/YYYY, euros
 * with a decimal comma). Figures only, no personal data.
 */
export default class DashboardCsvController {
  async show({ request, response, view, i18n }: HttpContext) {
    const asked = await askedDashboard(request.qs(), i18n)
    if (!asked.ok) return response.status(422).send(await view.render('analytics/dashboard', dashboardView(asked, null, i18n)))
    const figures = await dashboardFigures(asked.period)
    const header = ['day', 'purchases', 'revenue_eur', 'new_members'].map((column) => i18n.t(`analytics.csv.${column}`))
    const rows = figures.series.map((day) => [DateTime.fromISO(day.day, { zone: 'utc' }).toFormat('dd/LL/yyyy'), String(day.purchases), (day.revenueCents / 100).toFixed(2).replace('.', ','), String(day.newMembers)])
    const name = `${i18n.t('analytics.csv.file_name')}_${asked.store?.slug ?? 'all'}_${asked.period.fromOn}_${asked.period.toOn}.csv`
    for (const [header_, value] of Object.entries(csvHeaders(name))) response.header(header_, value)
    return response.send(stringify([header, ...rows], { delimiter: ';', record_delimiter: 'windows', bom: true }))
  }
}
