import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import CustomerImport from '#customers/import/models/customer_import'
import { csvHeaders, csvStream } from '#customers/export/csv_stream'

const REPORT_BATCH = 1000

/** One import: progress page, JSON status for the poller, rejected-rows report. */
export default class ImportReportsController {
  async show(ctx: HttpContext) {
    const record = await this.find(ctx)
    await record.load('staffMember')
    await record.load('store')
    return ctx.view.render('imports/show', { record })
  }

  async status(ctx: HttpContext) {
    const record = await this.find(ctx)
    const message = ctx.i18n.t(`imports.progress.${record.status}`, {
      processed: record.processedRows,
      total: record.totalRows,
      percent: record.percent,
    })
    ctx.response.header('Cache-Control', 'no-store')
    return { ...record.serializeStatus(), message }
  }

  async rejections(ctx: HttpContext) {
    const record = await this.find(ctx)
    for (const [name, value] of Object.entries(csvHeaders(`rejected-rows-${record.publicId}.csv`))) ctx.response.header(name, value)
    ctx.response.stream(csvStream(['row', 'reason', ...record.mapping.header], rejectedRows(record.id)))
  }

  protected async find({ params }: HttpContext) {
    return CustomerImport.findByOrFail('publicId', String(params.publicId))
  }
}

async function* rejectedRows(importId: number): AsyncGenerator<unknown[][]> {
  let afterId = 0
  while (true) {
    const rows = await db
      .from('customer_import_rejections')
      .where('customer_import_id', importId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(REPORT_BATCH)
    if (rows.length === 0) return
    afterId = rows[rows.length - 1].id
    yield rows.map((row) => [row.row_number, row.reason, ...(JSON.parse(row.row) as string[])])
  }
}
