import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { recordPurchase } from '#purchases/record_purchase'
import { createCustomer, createProgram, createStore } from '#tests/helpers/factories'

/** `node ace loyalty:check` in a process of its own, on this run's database. */
function loyaltyCheck(...args: string[]) {
  const run = spawnSync(process.execPath, ['ace', 'loyalty:check', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

test.group('node ace loyalty:check', () => {
  test('clean: exit code 0; a cached balance or an open lot that drifted from the ledger: exit code 1, named', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store)
    const customer = await createCustomer(store)
    await recordPurchase({ store, customer, totalCents: 4_200, source: 'till', lines: [{ sku: 'CAFE', name: 'Café', quantity: 2, unitPriceCents: 250, category: 'café' }] })
    const account = await db.from('loyalty_accounts').where('customer_id', customer.id).firstOrFail()

    const clean = loyaltyCheck(`--customer=${customer.publicId}`)
    assert.equal(clean.status, 0, clean.output)
    assert.match(clean.output, /1 accounts, 2 ledger entries checked in [\d.]+ s: 0 differences/)

    // Drift below the ORM (a bad manual fix, a restore mixing backups): the command must see it.
    await db.from('loyalty_accounts').where('id', account.id).update({ points: 41 })
    const stampLot = await db.from('ledger_open_items').where('account_id', account.id).where('unit', 'stamps').firstOrFail()
    await db.from('ledger_open_items').where('entry_id', stampLot.entry_id).delete()
    try {
      const drifted = loyaltyCheck(`--customer=${customer.publicId}`)
      assert.equal(drifted.status, 1, drifted.output)
      assert.include(drifted.output, `account ${account.id} points: cached balance is 41, the ledger gives 42`)
      assert.match(drifted.output, new RegExp(`account ${account.id} stamps: open remainder of entry \\d+ is 0, the ledger gives 2`))
      assert.include(drifted.output, '2 differences')
    } finally {
      await db.from('loyalty_accounts').where('id', account.id).update({ points: 42 })
      await db.table('ledger_open_items').insert(stampLot)
    }
    assert.equal(loyaltyCheck(`--customer=${customer.publicId}`).status, 0, 'repaired')
    const unknown = loyaltyCheck('--customer=01ARZ3NDEKTSV4RRFFQ69G5FAV')
    assert.equal(unknown.status, 1)
    assert.include(unknown.output, 'No customer has the id')
  })
})
