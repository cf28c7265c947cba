import type { HttpContext } from '@adonisjs/core/http'
import Breach from '#privacy/breaches/breach'
import { businessTimezone, localInputValue } from '#privacy/breaches/business_time'
import { breachWindow, incidentReport, type IncidentWindow } from '#privacy/breaches/incident_report'
import { askedWindow, incidentCsv, incidentFileName, type WindowForm } from '#privacy/breaches/incident_window'
import { csvHeaders } from '#customers/export/csv_stream'
import { audit } from '#shared/audit'
import { formatDateTime } from '#shared/format'

/**
 * Incident reports from the audit log, owners only: for any window
 * (/admin/privacy/incident-report) or a recorded breach's window
 * (/admin/privacy/breaches/:id/report); as a page or a CSV (audited).
 */
export default class IncidentReportsController {
  async show(ctx: HttpContext) {
    const zone = await businessTimezone()
    const asked = askedWindow(ctx.request.qs(), zone, ctx.i18n)
    if (!asked.ok) return render(ctx, { form: asked.form, errors: asked.errors, zone }, 422)
    return render(ctx, { form: asked.form, errors: {}, zone, window: asked.window })
  }

  async csv(ctx: HttpContext) {
    const zone = await businessTimezone()
    const asked = askedWindow(ctx.request.qs(), zone, ctx.i18n)
    if (!asked.ok) return render(ctx, { form: asked.form, errors: asked.errors, zone }, 422)
    return download(ctx, asked.window, zone, null)
  }

  async breach(ctx: HttpContext) {
    const breach = await Breach.query().where('publicId', ctx.params.id).firstOrFail()
    const zone = await businessTimezone()
    const window = breachWindow(breach)
    return render(ctx, { form: windowForm(window, zone), errors: {}, zone, window, breach })
  }

  async breachCsv(ctx: HttpContext) {
    const breach = await Breach.query().where('publicId', ctx.params.id).firstOrFail()
    return download(ctx, breachWindow(breach), await businessTimezone(), breach)
  }
}

interface ReportPage {
  form: WindowForm
  errors: Record<string, string[]>
  zone: string
  window?: IncidentWindow
  breach?: Breach
}

const windowForm = (window: IncidentWindow, zone: string) => ({ from: localInputValue(window.from, zone), to: localInputValue(window.to, zone) })

async function render({ view, response, i18n }: HttpContext, page: ReportPage, status = 200) {
  const report = page.window ? await incidentReport(page.window) : null
  const when = (window: IncidentWindow) => ({ from: formatDateTime(window.from, page.zone, i18n.locale), to: formatDateTime(window.to, page.zone, i18n.locale) })
  const breach = page.breach ? { publicId: page.breach.publicId, discoveredOn: formatDateTime(page.breach.discoveredAt, page.zone, i18n.locale) } : null
  const csvHref = breach ? `/admin/privacy/breaches/${breach.publicId}/report.csv` : `/admin/privacy/incident-report.csv?${new URLSearchParams({ ...page.form })}`
  const state = { ...page, report, breach, period: page.window ? when(page.window) : null, csvHref, adjustHref: `/admin/privacy/incident-report?${new URLSearchParams({ ...page.form })}`, section: 'incident_report' }
  return response.status(status).send(await view.render('privacy/admin/report', state))
}

async function download({ auth, request, response, i18n }: HttpContext, window: IncidentWindow, zone: string, breach: Breach | null) {
  const csv = incidentCsv(await incidentReport(window), i18n)
  const details = { from: window.from.toISO(), to: window.to.toISO(), breach: breach?.publicId ?? null, row_count: csv.rowCount, format: 'csv' }
  await audit({ staffMemberId: auth.use('web').user!.id, action: 'privacy.incident_report_exported', subjectType: breach ? 'breach' : undefined, subjectId: breach?.publicId, details, ip: request.ip() })
  for (const [name, value] of Object.entries(csvHeaders(incidentFileName(window, zone, i18n)))) response.header(name, value)
  return response.send(csv.text)
}
