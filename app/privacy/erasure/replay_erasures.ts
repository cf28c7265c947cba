import db from '@adonisjs/lucid/services/db'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { journalledCustomers } from '#privacy/erasure/erasure_journal'

/** Erases again every journalled customer a restored database still holds in clear. */
export async function replayErasures() {
  const ids = await journalledCustomers()
  let erasedAgain = 0
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db.from('customers').whereIn('public_id', ids.slice(start, start + 500)).whereNull('erased_at').select('id')
    for (const row of rows) {
      const result = await eraseCustomer({ customerId: Number(row.id), cause: 'replay', reason: 'journal replayed after a restore' })
      if (result.erased) erasedAgain++
    }
  }
  return { journalled: ids.length, erasedAgain }
}
