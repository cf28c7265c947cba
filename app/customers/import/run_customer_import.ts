import { createReadStream, existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import CustomerImport from '#customers/import/models/customer_import'
import { parseOptions } from '#customers/import/csv_file'
import { normaliseRow } from '#customers/import/normalise_row'
import { writeBatch, type RowOutcome } from '#customers/import/import_batch'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'

/** The part of a BullMQ job this handler uses (tests pass a plain object). */
export interface ProgressReporter {
  updateProgress(progress: number): Promise<unknown> | unknown
}

export const BATCH_SIZE = 500

/**
 * The 'customers.import' job. Idempotent: each batch commits with the
 * processed_rows counter, so a re-run after a crash skips what is already
 * written (and de-duplication would catch it anyway).
 */
export async function runCustomerImport(importId: number, job: ProgressReporter) {
  const record = await CustomerImport.find(importId)
  if (!record || record.status === 'done') return
  if (!existsSync(record.filePath)) {
    await finish(record, 'failed', 'file_missing: the uploaded file is no longer on the server')
    return
  }
  await db.from('customer_imports').where('id', record.id).update({ status: 'running', error: null })
  try {
    await importRows(record, job)
  } catch (error) {
    await finish(record, 'failed', `job_error: ${(error as Error).message}`.slice(0, 500))
    throw error
  }
  await finish(record, 'done', null)
  await rm(record.filePath, { force: true })
}

async function importRows(record: CustomerImport, job: ProgressReporter) {
  const alreadyDone = record.processedRows
  const seen = new Set<string>()
  const parser = createReadStream(record.filePath).pipe(parse(parseOptions(record.mapping.delimiter)))
  let batch: RowOutcome[] = []
  let index = -1 // -1 is the header
  for await (const cells of parser as AsyncIterable<string[]>) {
    index++
    if (index === 0) continue
    const outcome = classify(cells, index + 1, record, seen)
    if (index <= alreadyDone) continue // written before a crash; still remembered in `seen`
    batch.push(outcome)
    if (batch.length >= BATCH_SIZE) {
      await flush(record, batch, job)
      batch = []
    }
  }
  if (batch.length > 0) await flush(record, batch, job)
}

/** Row numbers as a spreadsheet shows them: the header is row 1. */
function classify(cells: string[], rowNumber: number, record: CustomerImport, seen: Set<string>): RowOutcome {
  const result = normaliseRow(cells, record.mapping.fields)
  if (!result.ok) return { rowNumber, cells, kind: 'reject', code: result.code }
  const keys = [result.row.email, result.row.phoneE164].filter((key): key is string => !!key)
  if (keys.some((key) => seen.has(key))) return { rowNumber, cells, kind: 'duplicate', code: 'duplicate_in_file' }
  keys.forEach((key) => seen.add(key))
  return { rowNumber, cells, kind: 'create', row: result.row }
}

async function flush(record: CustomerImport, batch: RowOutcome[], job: ProgressReporter) {
  await writeBatch(record, batch)
  await record.refresh()
  try {
    await job.updateProgress(record.percent)
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, 'import progress not reported')
  }
}

async function finish(record: CustomerImport, status: 'done' | 'failed', error: string | null) {
  await db.from('customer_imports').where('id', record.id).update({ status, error, finished_at: dbTimestamp(DateTime.utc()) })
  await record.refresh()
  await audit({
    staffMemberId: record.staffMemberId,
    action: status === 'done' ? 'customers.import_finished' : 'customers.import_failed',
    subjectType: 'customer_import',
    subjectId: record.publicId,
    details: { file_hash: record.fileHash, created: record.createdCount, duplicates: record.duplicateCount, rejected: record.rejectedCount, suppressed: record.suppressedCount, error },
  })
}
