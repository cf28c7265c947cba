/*
 * Every background job by name. Jobs carry ids, load the record and call
 * one operation.
 */
import type { Job } from 'bullmq'

export type JobHandler = (data: Record<string, any>, job: Job) => Promise<void>

export const jobHandlers: Record<string, JobHandler> = {
  'customers.import': async (data, job) => {
    const { runCustomerImport } = await import('#customers/import/run_customer_import')
    await runCustomerImport(data.importId, job)
  },
  'animations.tick': async () => {
    const { handleAnimationsTick } = await import('#animations/tick_scheduler')
    await handleAnimationsTick()
  },
  // The last attempt records a failure instead of throwing (the delivery log says why).
  'deliveries.send': async (data, job) => {
    const { sendDelivery } = await import('#messaging/send_delivery')
    await sendDelivery(Number(data.deliveryId), { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) })
  },
  // Carries the export's public id only; the files are written under tmp/privacy-exports.
  'privacy.export': async (data, job) => {
    const { buildExportFiles } = await import('#privacy/export/build_export_files')
    await buildExportFiles(String(data.exportId), { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) })
  },
}
