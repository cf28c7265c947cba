import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import CustomerImport from '#customers/import/models/customer_import'
import type { TargetField } from '#customers/import/column_mapping'
import { forgetPendingUpload, type PendingUpload } from '#customers/import/pending_upload'
import { audit } from '#shared/audit'
import { queue, withRedisTimeout } from '#shared/queue'

export interface StartImportInput {
  upload: PendingUpload
  fields: TargetField[]
  storeId: number
  staffMemberId: number
  ip: string | null
}

/**
 * Records the import (queued) with its audit entry, then hands it to the
 * 'jobs' queue with its id only. If Redis is down the import stays queued
 * and the caller says so; the file is kept for the retry.
 */
export async function startCustomerImportLater(input: StartImportInput) {
  const { upload } = input
  const record = await db.transaction(async (trx) => {
    const created = await CustomerImport.create(
      {
        publicId: upload.token,
        storeId: input.storeId,
        staffMemberId: input.staffMemberId,
        fileName: upload.fileName,
        fileHash: upload.fileHash,
        mapping: { delimiter: upload.delimiter, header: upload.header, fields: input.fields },
        status: 'queued',
        totalRows: upload.dataRows,
      },
      { client: trx }
    )
    await audit(
      {
        staffMemberId: input.staffMemberId,
        action: 'customers.import_started',
        subjectType: 'customer_import',
        subjectId: created.publicId,
        details: { file_hash: upload.fileHash, row_count: upload.dataRows, file_name: upload.fileName, store_id: input.storeId },
        ip: input.ip,
      },
      trx
    )
    return created
  })
  await forgetPendingUpload(upload.token)
  return { record, enqueued: await enqueueImport(record) }
}

export async function enqueueImport(record: CustomerImport) {
  try {
    await withRedisTimeout(queue('jobs').add('customers.import', { importId: record.id }, { jobId: `import-${record.publicId}`, attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 }))
    return true
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message }, importId: record.id }, 'import not enqueued')
    return false
  }
}
