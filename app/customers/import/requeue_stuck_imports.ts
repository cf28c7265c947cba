import { DateTime } from 'luxon'
import CustomerImport from '#customers/import/models/customer_import'
import { enqueueImport } from '#customers/import/start_customer_import'
import { dbTimestamp } from '#shared/db_time'

/** An import still queued after this long was never enqueued (Redis was down). */
const STUCK_AFTER_MINUTES = 2

/** Enqueues them again; the job id is the import's, so BullMQ keeps one. */
export async function requeueStuckImports(now = DateTime.utc()) {
  const cutoff = dbTimestamp(now.minus({ minutes: STUCK_AFTER_MINUTES }))
  const stuck = await CustomerImport.query().where('status', 'queued').where('createdAt', '<', cutoff).limit(100)
  let enqueued = 0
  for (const record of stuck) if (await enqueueImport(record)) enqueued++
  return enqueued
}
