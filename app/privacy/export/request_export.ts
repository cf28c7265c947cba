import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { audit } from '#shared/audit'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { queue, QUEUES, withRedisTimeout } from '#shared/queue'
import { newSecretToken } from '#shared/secret_token'
import { sendServiceMail } from '#privacy/service_mail'
import { ExportSubjectMissing } from '#privacy/export/build_export'
import { deleteExpiredExports, EXPORT_LIFETIME_HOURS } from '#privacy/export/export_files'

export interface ExportRequestOptions {
  /** The rights request this export answers (the owner's queue). */
  privacyRequestId?: number
  /** Who asked on the customer's behalf; none when the customer asked themself. */
  staffMemberId?: number | null
  ip?: string | null
}

export interface RequestedExport {
  exportId: string
  /** Shown once (in the mail and the page it opens); only its SHA-256 is kept. */
  token: string
  url: string
  mailed: boolean
}

/** The page that follows the export and offers its files (the customer's own portal session is needed too). */
export const exportUrl = (exportId: string, token: string) => `${appUrl}/portal/exports/${exportId}?token=${token}`

/**
 * Asks for an access and portability export (Art. 15/20): a row (pending,
 * 24 hours, a 256-bit token kept hashed), an audit entry, then the build
 * job with the export's id only; the customer gets the link by a service
 * mail. Redis down: the export stays pending and the schedule enqueues it
 * again (requeueStuckExports). Throws ExportSubjectMissing for a customer
 * who is not there (erased, merged).
 */
export async function requestExport(customerId: number, options: ExportRequestOptions = {}): Promise<RequestedExport> {
  await deleteExpiredExports()
  const customer = await db
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.id', customerId)
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .select('c.public_id', 'c.email', 'c.first_name', 'c.locale', 's.name as store_name')
    .first()
  if (!customer) throw new ExportSubjectMissing('No customer to export')
  const exportId = newPublicId()
  const link = newSecretToken(32)
  await db.transaction(async (trx) => {
    const now = new Date()
    await trx.table('privacy_exports').insert({
      public_id: exportId,
      customer_id: customerId,
      privacy_request_id: options.privacyRequestId ?? null,
      status: 'pending',
      token_hash: link.hash,
      directory: randomBytes(16).toString('hex'),
      progress: 0,
      expires_at: dbInstant(new Date(now.getTime() + EXPORT_LIFETIME_HOURS * 3_600_000), trx.dialect.name),
      created_at: dbInstant(now, trx.dialect.name),
    })
    const details = { export_id: exportId, privacy_request_id: options.privacyRequestId ?? null }
    await audit({ staffMemberId: options.staffMemberId ?? null, action: 'privacy.export_requested', subjectType: 'customer', subjectId: customer.public_id, details, ip: options.ip ?? null }, trx)
  })
  await enqueueExport(exportId)
  const url = exportUrl(exportId, link.token)
  return { exportId, token: link.token, url, mailed: customer.email ? await mailLink(customer, url) : false }
}

/** Whether Redis took the job; the job id is the export's, so a second enqueue is a no-op. */
export async function enqueueExport(exportId: string) {
  try {
    const options = { jobId: `privacy-export-${exportId}`, attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } }
    await withRedisTimeout(queue(QUEUES.jobs).add('privacy.export', { exportId }, options))
    return true
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message }, exportId }, 'export not enqueued yet')
    return false
  }
}

/** An export still pending after two minutes never reached Redis: enqueued again by the schedule. */
export async function requeueStuckExports(now = new Date()) {
  const cutoff = dbInstant(new Date(now.getTime() - 2 * 60_000), db.connection().dialect.name)
  const stuck = await db.from('privacy_exports').where('status', 'pending').where('created_at', '<', cutoff).orderBy('id').limit(100).select('public_id')
  let enqueued = 0
  for (const row of stuck) if (await enqueueExport(row.public_id)) enqueued++
  return enqueued
}

async function mailLink(customer: Record<string, any>, link: string) {
  try {
    await sendServiceMail({
      to: customer.email,
      locale: customer.locale === 'en' ? 'en' : 'fr',
      storeName: customer.store_name,
      subjectKey: 'privacy_export.mail.subject',
      bodyKey: 'privacy_export.mail.body',
      ctaKey: 'privacy_export.mail.cta',
      firstName: customer.first_name,
      link,
    })
    return true
  } catch (error) {
    // The page that follows the request shows the same link: a mail that fails loses nothing.
    logger.warn({ err: { message: (error as Error).message } }, 'export link not mailed')
    return false
  }
}
