import type { HttpContext } from '@adonisjs/core/http'
import { stringify } from 'csv-stringify/sync'
import { csvHeaders } from '#customers/export/csv_stream'
import { askedResults } from '#analytics/results/results_query'
import type { ResultsSubject } from '#analytics/results/results_sources'
import { sourceResults } from '#analytics/results/source_results'
import { resultsView } from '#analytics/results/results_view'
import { resultsCsvRows } from '#analytics/results/results_csv'

/** The results page of an animation or a campaign; an unknown one is a 404, a bad window a 422 with the field's error. */
export async function renderResults({ request, response, view, i18n }: HttpContext, subject: ResultsSubject | null) {
  if (!subject) return response.notFound()
  const asked = await askedResults(request.qs(), i18n)
  if (!asked.ok) return response.status(422).send(await view.render('analytics/results', resultsView(subject, asked, null, i18n)))
  return view.render('analytics/results', resultsView(subject, asked, await sourceResults(subject.source, asked.days), i18n))
}

/** The same table as a French spreadsheet expects it (UTF-8 with a BOM, `;`, CRLF, decimal comma). Figures only. */
export async function sendResultsCsv(ctx: HttpContext, subject: ResultsSubject | null) {
  const { request, response, i18n } = ctx
  if (!subject) return response.notFound()
  const asked = await askedResults(request.qs(), i18n)
  if (!asked.ok) return renderResults(ctx, subject)
  const rows = resultsCsvRows(await sourceResults(subject.source, asked.days), i18n)
  const name = `${i18n.t('results.csv.file_name')}_${subject.source.type}_${subject.source.publicId}_${asked.days}.csv`
  for (const [header, value] of Object.entries(csvHeaders(name))) response.header(header, value)
  return response.send(stringify(rows, { delimiter: ';', record_delimiter: 'windows', bom: true }))
}
