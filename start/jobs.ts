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
}
