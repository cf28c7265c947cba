import db from '@adonisjs/lucid/services/db'
import { fromDbTimestamp } from '#shared/db_time'

export const EXPORT_BATCH = 1000

export const EXPORT_HEADER = [
  'public_id', 'first_name', 'last_name', 'email', 'phone', 'birthday', 'tags', 'store',
  'total_spent', 'visits', 'last_purchase_at', 'created_at',
]

export function countExportableCustomers() {
  return db.from('customers').whereNull('erased_at').whereNull('merged_into_id').count('* as total').first().then((row) => Number(row?.total ?? 0))
}

/** Every non-erased customer, 1000 at a time by id (keyset, never an offset). */
export async function* exportableCustomers(): AsyncGenerator<unknown[][]> {
  let afterId = 0
  while (true) {
    const customers = await db
      .from('customers')
      .leftJoin('stores', 'stores.id', 'customers.store_id')
      .leftJoin('customer_activity', 'customer_activity.customer_id', 'customers.id')
      .whereNull('customers.erased_at')
      .whereNull('customers.merged_into_id')
      .where('customers.id', '>', afterId)
      .orderBy('customers.id')
      .limit(EXPORT_BATCH)
      .select('customers.*', 'stores.name as store_name', 'customer_activity.total_spent_cents', 'customer_activity.visit_count', 'customer_activity.last_purchase_at')
    if (customers.length === 0) return
    afterId = customers[customers.length - 1].id
    const tags = await tagsOf(customers.map((customer) => customer.id))
    yield customers.map((customer) => [
      customer.public_id,
      customer.first_name,
      customer.last_name,
      customer.email,
      customer.phone_e164,
      birthday(customer),
      (tags.get(customer.id) ?? []).join('|'),
      customer.store_name,
      (Number(customer.total_spent_cents) / 100).toFixed(2),
      customer.visit_count ?? 0,
      fromDbTimestamp(customer.last_purchase_at)?.toISO() ?? '',
      fromDbTimestamp(customer.created_at)?.toISO() ?? '',
    ])
    if (customers.length < EXPORT_BATCH) return
  }
}

async function tagsOf(customerIds: number[]) {
  const rows = await db.from('customer_tags').whereIn('customer_id', customerIds).orderBy('tag').select('customer_id', 'tag')
  const byCustomer = new Map<number, string[]>()
  for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row.tag])
  return byCustomer
}

function birthday(customer: { birth_day: number | null; birth_month: number | null; birth_year: number | null }) {
  if (!customer.birth_day || !customer.birth_month) return ''
  const dayMonth = `${String(customer.birth_day).padStart(2, '0')}/${String(customer.birth_month).padStart(2, '0')}`
  return customer.birth_year ? `${dayMonth}/${customer.birth_year}` : dayMonth
}
