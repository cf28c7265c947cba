import type { ApiClient } from '@japa/api-client'
import type StaffMember from '#staff/models/staff_member'
import type Store from '#stores/models/store'
import CustomerImport from '#customers/import/models/customer_import'
import { jobHandlers } from '#start/jobs'
import { uniquePhone } from '#tests/helpers/factories'

/** A unique mobile in an allocated range (06 1x…): libphonenumber refuses 06 9x (overseas). */
export const mobile = () => `+3361${uniquePhone().slice(-7)}`

/** "06 12 34 56 78" from "+33612345678": how a French shop types it. */
export const frenchFormat = (e164: string) => `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ')

export function uploadCsv(client: ApiClient, staff: StaffMember, content: string | Buffer, filename = 'clients.csv') {
  return client
    .post('/admin/imports')
    .loginAs(staff)
    .withCsrfToken()
    .file('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf-8'), { filename })
    .redirects(0)
}

/** Upload, map the columns and start: returns the queued import. */
export async function startImport(client: ApiClient, staff: StaffMember, store: Store, content: string | Buffer, columns: string[]) {
  const upload = await uploadCsv(client, staff, content)
  upload.assertStatus(302)
  const form: Record<string, string> = { store_id: String(store.id) }
  columns.forEach((column, index) => (form[`columns[${index}]`] = column))
  const start = await client.post(upload.header('location')!).loginAs(staff).withCsrfToken().form(form).redirects(0)
  start.assertStatus(302)
  return CustomerImport.findByOrFail('publicId', start.header('location')!.split('/').pop()!)
}

/** Runs the real 'customers.import' handler with a minimal job object. */
export async function runJob(record: CustomerImport) {
  const progress: number[] = []
  await jobHandlers['customers.import']({ importId: record.id }, { updateProgress: async (value: number) => progress.push(value) } as any)
  await record.refresh()
  return progress
}
