import { test } from '@japa/runner'
import CustomerActivity from '#customers/models/customer_activity'
import db from '@adonisjs/lucid/services/db'
import Customer from '#customers/models/customer'
import { recordPurchase } from '#purchases/record_purchase'
import { debit } from '#loyalty/ledger'
import { dbInstant } from '#shared/db_time'
import { runOn } from '#shared/sql_program'
import AuditLog from '#shared/models/audit_log'
import { createCustomer, createPosToken, createProgram, createStaff, createStore, uniqueEmail } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'

async function shop() {
  const store = await createStore()
  const program = await createProgram(store)
  const marketer = await createStaff('marketer', { storeId: store.id })
  return { store, program, marketer }
}

const accountsOf = (customerId: number) => db.from('loyalty_accounts').where('customer_id', customerId)

/** Σ entries per unit = cached balance, for every account given. */
async function assertLedgerMatches(assert: any, customerId: number) {
  for (const account of await accountsOf(customerId)) {
    const sums = await db.from('ledger_entries').where('account_id', account.id).select('unit').sum('amount as total').groupBy('unit')
    const sum = (unit: string) => Number(sums.find((row) => row.unit === unit)?.total ?? 0)
    assert.equal(Number(account.points), sum('points'))
    assert.equal(Number(account.stamps), sum('stamps'))
  }
}

test.group('Merging duplicate customers', () => {
  test('a marketer merges a duplicate: purchases, vouchers, points with their expiry, one card, audited', async ({ client, assert }) => {
    const { store, marketer } = await shop()
    const keep = await createCustomer(store, { firstName: 'Léa', lastName: 'Martin', email: null as any })
    const duplicate = await createCustomer(store, { firstName: 'Lea', lastName: 'Martin', email: uniqueEmail() })
    await recordPurchase({ store, customer: keep, totalCents: 3000, source: 'till' })
    await recordPurchase({ store, customer: duplicate, totalCents: 9000, source: 'till' })
    await recordPurchase({ store, customer: duplicate, totalCents: 1500, source: 'till' }) // crosses 100: a voucher, 5 points left
    const duplicateLots = await db
      .from('ledger_open_items')
      .join('loyalty_accounts', 'loyalty_accounts.id', 'ledger_open_items.account_id')
      .where('loyalty_accounts.customer_id', duplicate.id)
      .where('ledger_open_items.unit', 'points')
      .select('ledger_open_items.remaining', 'ledger_open_items.expires_at')

    const preview = await client.get(`/admin/customers/${keep.publicId}/merge`).qs({ with: duplicate.cardCode }).loginAs(marketer)
    preview.assertStatus(200)
    assert.include(preview.text(), duplicate.cardCode)

    const response = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: duplicate.publicId }).loginAs(marketer).withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'fusionné')

    const [kept] = await accountsOf(keep.id)
    assert.equal(Number(kept.points), 30 + 5)
    assert.lengthOf(await accountsOf(duplicate.id), 1)
    assert.equal(Number((await accountsOf(duplicate.id))[0].points), 0)
    await assertLedgerMatches(assert, keep.id)
    await assertLedgerMatches(assert, duplicate.id)
    // Each moved lot keeps the expiry it had.
    const keptLots = await db.from('ledger_open_items').where('account_id', kept.id).where('unit', 'points').select('remaining', 'expires_at')
    for (const lot of duplicateLots) assert.isTrue(keptLots.some((moved) => String(moved.expires_at) === String(lot.expires_at) && Number(moved.remaining) === Number(lot.remaining)))
    const adjustments = await db.from('ledger_entries').where('kind', 'adjust').where('cause_type', 'merge').whereIn('account_id', [kept.id])
    assert.isAbove(adjustments.length, 0)
    for (const entry of adjustments) assert.include(entry.reason, duplicate.publicId)

    assert.equal(Number((await db.from('purchases').where('customer_id', keep.id).count('* as n'))[0].n), 3)
    assert.equal(Number((await db.from('vouchers').where('customer_id', keep.id).count('* as n'))[0].n), 1)
    const archived = await Customer.findOrFail(duplicate.id)
    const survivor = await Customer.findOrFail(keep.id)
    assert.equal(archived.mergedIntoId, keep.id)
    assert.equal(survivor.email, duplicate.email, 'the empty e-mail is filled from the duplicate')
    assert.isNull(archived.email)
    assert.equal((await CustomerActivity.findOrFail(keep.id)).visitCount, 3)
    assert.equal((await CustomerActivity.findOrFail(duplicate.id)).visitCount, 0)
    const audit = await AuditLog.query().where('action', 'customer.merged').where('subjectId', keep.publicId)
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].details!.merged, duplicate.publicId)
    const events = await db.from('outbox_events').where('type', 'customers.merged').whereILike('payload', `%${duplicate.publicId}%`)
    assert.lengthOf(events, 1)

    // The duplicate's card and address lead to the customer kept; it leaves the list.
    const profile = await client.get(`/admin/customers/${duplicate.publicId}`).loginAs(marketer).redirects(0)
    profile.assertStatus(302)
    assert.equal(profile.header('location'), `/admin/customers/${keep.publicId}`)
    const list = await client.get('/admin/customers').qs({ q: 'martin', store: store.publicId }).loginAs(marketer)
    assert.notInclude(list.text(), duplicate.publicId)
  })

  test('after a merge, a POS sale with the duplicate’s card earns for the customer kept', async ({ client, assert }) => {
    const { store, marketer } = await shop()
    const keep = await createCustomer(store)
    const duplicate = await createCustomer(store)
    await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: duplicate.publicId }).loginAs(marketer).withCsrfToken()
    const { bearer } = await createPosToken(store)
    const sale = await posApi(client, bearer).purchase({ card: duplicate.cardCode, total_cents: 2300 })
    sale.assertStatus(201)
    assert.equal(sale.body().customer_id, keep.publicId)
    assert.equal(sale.body().balances.points, 23)
    const lookup = await posApi(client, bearer).lookup({ card: duplicate.cardCode })
    assert.equal(lookup.body().id, keep.publicId)
  })

  test('an account the kept customer lacks moves whole, ledger and all', async ({ client, assert }) => {
    const { store, marketer } = await shop()
    const keep = await createCustomer(store)
    const duplicate = await createCustomer(store)
    await recordPurchase({ store, customer: duplicate, totalCents: 4200, source: 'till' })
    const [account] = await accountsOf(duplicate.id)
    await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: duplicate.publicId }).loginAs(marketer).withCsrfToken()
    const [moved] = await accountsOf(keep.id)
    assert.equal(moved.id, account.id)
    assert.equal(Number(moved.points), 42)
    assert.lengthOf(await accountsOf(duplicate.id), 0)
  })

  test('a debt moves with the duplicate: the kept customer owes it, both ledgers still add up', async ({ client, assert }) => {
    const { store, marketer } = await shop()
    const keep = await createCustomer(store)
    const duplicate = await createCustomer(store)
    await recordPurchase({ store, customer: keep, totalCents: 2000, source: 'till' })
    await recordPurchase({ store, customer: duplicate, totalCents: 1000, source: 'till' })
    const [account] = await accountsOf(duplicate.id)
    const now = dbInstant(new Date(), db.connection().dialect.name)
    // A refund reversal larger than what is left: 10 points held, 25 reversed → a debt of 15.
    await db.transaction(async (trx) => {
      await runOn(trx, debit({ accountId: account.id, unit: 'points', kind: 'reverse', amount: -25, cause: { type: 'refund', id: null }, occurredAt: now, now }, { at: now, spendableOnly: false, allowDebt: true }))
      await trx.from('loyalty_accounts').where('id', account.id).update({ points: -15 })
    })
    await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: duplicate.publicId }).loginAs(marketer).withCsrfToken()
    const [kept] = await accountsOf(keep.id)
    assert.equal(Number(kept.points), 20 - 15)
    assert.equal(Number((await accountsOf(duplicate.id))[0].points), 0)
    await assertLedgerMatches(assert, keep.id)
    await assertLedgerMatches(assert, duplicate.id)
    const debts = await db.from('ledger_open_items').whereIn('account_id', [kept.id, account.id]).where('side', 'debt')
    assert.lengthOf(debts, 0, 'the kept customer’s 20 points paid the 15 owed')
  })

  test('refused: itself, an unknown or already merged profile, a cashier, a form without CSRF token', async ({ client, assert }) => {
    const { store, marketer } = await shop()
    const keep = await createCustomer(store)
    const other = await createCustomer(store)
    const itself = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: keep.publicId }).loginAs(marketer).withCsrfToken()
    assert.include(itself.text(), 'elle-même')
    for (const bad of ['', 'not-an-id', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'x'.repeat(5000)]) {
      const response = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: bad }).loginAs(marketer).withCsrfToken()
      assert.isBelow(response.status(), 500)
    }
    const search = await client.get(`/admin/customers/${keep.publicId}/merge`).qs({ with: '<script>alert(1)</script>' }).loginAs(marketer)
    search.assertStatus(200)
    assert.notInclude(search.text(), '<script>alert(1)</script>')
    const cashier = await createStaff('cashier', { storeId: store.id })
    const forbidden = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: other.publicId }).loginAs(cashier).withCsrfToken()
    forbidden.assertStatus(403)
    const noToken = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: other.publicId }).loginAs(marketer)
    noToken.assertStatus(403)
    assert.isNull((await Customer.findOrFail(other.id)).mergedIntoId)

    await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: other.publicId }).loginAs(marketer).withCsrfToken()
    assert.equal((await Customer.findOrFail(other.id)).mergedIntoId, keep.id)
    const again = await client.post(`/admin/customers/${keep.publicId}/merge`).form({ duplicate_id: other.publicId }).loginAs(marketer).withCsrfToken()
    assert.isBelow(again.status(), 500)
    assert.equal(Number((await db.from('audit_logs').where('action', 'customer.merged').where('subject_id', keep.publicId).count('* as n'))[0].n), 1)
  })
})
