import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import { csvHeaders } from '#customers/export/csv_stream'
import { askedDashboard } from '#analytics/dashboard_query'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { dashboardView } from '#analytics/dashboard_view'

type Figures = Awaited<ReturnType<typeof dashboardFigures>>

/** Each chart's table as CSV: the days of the trend, the cohort cells, the visits by weekday and hour. */
const TABLES: Record<string, (figures: Figures, i18n: I18n) => string[][]> = {
  trend: (figures, i18n) => [
    ['day', 'purchases', 'revenue_eur', 'new_members'].map((column) => i18n.t(`analytics.csv.${column}`)),
    ...figures.series.map((day) => [DateTime.fromISO(day.day, { zone: 'utc' }).toFormat('dd/LL/yyyy'), String(day.purchases), euros(day.revenueCents), String(day.newMembers)]),
  ],
  cohorts: (figures, i18n) => [
    ['cohort', 'members', 'active_month', 'buyers', 'retention_pct'].map((column) => i18n.t(`analytics.csv.${column}`)),
    ...figures.cohorts.flatMap((cohort) => cohort.cells.map((cell) => [cohort.month, String(cohort.size), cell.month, String(cell.members), ((cell.retentionBp ?? 0) / 100).toFixed(2).replace('.', ',')])),
  ],
  hours: (figures, i18n) => [
    ['weekday', 'hour', 'visits'].map((column) => i18n.t(`analytics.csv.${column}`)),
    ...figures.hours.grid.flatMap((day, index) => day.map((visits, hour) => [String(index + 1), String(hour), String(visits)])),
  ],
}

function euros(cents: number) {
  return (cents / 100).toFixed(2).replace('.', ',')
}

/**
 * GET /admin/dashboard.csv?table=trend|cohorts|hours: a chart's table as a
 * French spreadsheet expects it (UTF-8 with a BOM, `;`, CRLF, DD/MM/YYYY,
 * euros with a decimal comma). Figures only, no personal data.
 */
export default class DashboardCsvController {
  async show({ request, response, view, i18n }: HttpContext) {
    const asked = await askedDashboard(request.qs(), i18n)
    const table = request.qs().table ?? 'trend'
    if (asked.ok && (typeof table !== 'string' || !Object.hasOwn(TABLES, table))) {
      return response.status(422).send(await view.render('analytics/dashboard', { ...dashboardView(asked, null, i18n), errors: { table: [i18n.t('analytics.errors.table')] } }))
    }
    if (!asked.ok) return response.status(422).send(await view.render('analytics/dashboard', dashboardView(asked, null, i18n)))
    const rows = TABLES[table](await dashboardFigures(asked.period), i18n)
    const name = `${i18n.t('analytics.csv.file_name')}${table === 'trend' ? '' : `_${table}`}_${asked.store?.slug ?? 'all'}_${asked.period.fromOn}_${asked.period.toOn}.csv`
    for (const [header, value] of Object.entries(csvHeaders(name))) response.header(header, value)
    return response.send(stringify(rows, { delimiter: ';', record_delimiter: 'windows', bom: true }))
  }
}
