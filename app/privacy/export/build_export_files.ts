import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { ChromiumMissingError, PdfTimeoutError } from '#printing/pdf_renderer'
import { buildCustomerExport, ExportSubjectMissing } from '#privacy/export/build_export'
import { exportCsv, exportJson, exportPdf } from '#privacy/export/export_formats'
import { removeExportDirectory, writeExportFile } from '#privacy/export/export_files'

type ExportRow = { id: number; customer_id: number; directory: string; status: string; expires_at: unknown }

/**
 * The 'privacy.export' job: builds the export's three files, reporting
 * progress on its row. Idempotent (a ready export is left alone; a retry
 * writes the files again). The last attempt records the failure in words
 * that hold no personal data. If the row disappears meanwhile (erasure,
 * expiry) the files just written are removed.
 */
export async function buildExportFiles(exportId: string, { finalAttempt }: { finalAttempt: boolean }) {
  const row: ExportRow | null = await db.from('privacy_exports').where('public_id', exportId).select('id', 'customer_id', 'directory', 'status', 'expires_at').first()
  if (!row || row.status === 'ready' || row.status === 'failed' || instantFromDb(row.expires_at) <= new Date()) return
  try {
    await writeFiles(row)
  } catch (error) {
    const gaveUp = finalAttempt || error instanceof ExportSubjectMissing
    logger.error({ err: { message: (error as Error).message }, exportId, gaveUp }, 'export not built')
    if (!gaveUp) throw error
    await removeExportDirectory(row.directory)
    await db.from('privacy_exports').where('id', row.id).update({ status: 'failed', error: failureText(error) })
    return
  }
  const readyAt = dbInstant(new Date(), db.connection().dialect.name)
  const marked = await db.from('privacy_exports').where('id', row.id).update({ status: 'ready', progress: 100, ready_at: readyAt, error: null })
  if (Number(marked) === 0) await removeExportDirectory(row.directory)
}

async function writeFiles(row: ExportRow) {
  await progress(row, 5)
  const data = await buildCustomerExport(Number(row.customer_id))
  const store = await db.from('stores').where('public_id', data.customer.store.id).select('timezone').first()
  await writeExportFile(row.directory, 'json', exportJson(data))
  await progress(row, 35)
  await writeExportFile(row.directory, 'csv', exportCsv(data))
  await progress(row, 55)
  await writeExportFile(row.directory, 'pdf', await exportPdf(data, store?.timezone ?? 'Europe/Paris'))
}

/** Also moves a pending export to building; a vanished row stops the build before anything else is written. */
async function progress(row: ExportRow, percent: number) {
  const updated = await db.from('privacy_exports').where('id', row.id).whereIn('status', ['pending', 'building']).update({ status: 'building', progress: percent })
  if (Number(updated) === 0) throw new ExportSubjectMissing('The export was deleted while it was built')
}

/** Only errors we wrote ourselves are kept in words (a driver's message may quote data). */
function failureText(error: unknown) {
  if (error instanceof ChromiumMissingError || error instanceof PdfTimeoutError || error instanceof ExportSubjectMissing) return `${error.code}: ${error.message}`.slice(0, 500)
  return `build_failed (${(error as Error)?.name ?? 'Error'})`
}
