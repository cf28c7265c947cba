import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { audit } from '#shared/audit'
import { csvHeaders, csvStream } from '#customers/export/csv_stream'
import { EXPORT_HEADER, countExportableCustomers, exportableCustomers } from '#customers/export/customer_rows'

/** GET /admin/customers/export.csv: owners only (R41), audited before the first byte (R56). */
export default class CustomersExportController {
  async show({ auth, request, response }: HttpContext) {
    const rowCount = await countExportableCustomers()
    await audit({ staffMemberId: auth.use('web').user!.id, action: 'customers.exported', details: { row_count: rowCount, format: 'csv' }, ip: request.ip() })
    for (const [name, value] of Object.entries(csvHeaders(`customers-${DateTime.utc().toFormat('yyyyLLdd-HHmm')}.csv`))) response.header(name, value)
    response.stream(csvStream(EXPORT_HEADER, exportableCustomers()))
  }
}
