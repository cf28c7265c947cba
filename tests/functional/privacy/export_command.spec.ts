import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { EXPORT_FORMAT } from '#privacy/export/customer_export'
import { recordPurchase } from '#purchases/record_purchase'
import { dbInstant } from '#shared/db_time'
import { createCustomer, createProgram, createStore, unique } from '#tests/helpers/factories'

/** `node ace privacy:export` in a process of its own, on this run's database. */
function privacyExport(...args: string[]) {
  const run = spawnSync(process.execPath, ['ace', 'privacy:export', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

test.group('node ace privacy:export', (group) => {
  const folder = mkdtempSync(join(tmpdir(), 'privacy-export-command-'))
  group.teardown(() => rmSync(folder, { recursive: true, force: true }))

  test('writes the JSON export of that customer only (file 0600), prints a summary and audits it; an unknown id is exit code 1', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store)
    const customer = await createCustomer(store, { firstName: 'Gaspard' })
    const other = await createCustomer(store, { firstName: 'Hortense', lastName: customer.lastName })
    await recordPurchase({ store, customer, totalCents: 1_500, source: 'till', lines: [{ sku: `SKU${unique()}`, name: 'Brioche', quantity: 3, unitPriceCents: 500 }] })
    await recordPurchase({ store, customer: other, totalCents: 900, source: 'till', lines: [{ sku: 'OTHER', name: 'Baguette', quantity: 1, unitPriceCents: 900 }] })
    const out = join(folder, 'gaspard.json')

    const written = privacyExport(customer.publicId.toLowerCase(), `--out=${out}`)
    assert.equal(written.status, 0, written.output)
    assert.include(written.output, `Export of ${customer.publicId} written to ${out}: 1 purchases`)
    assert.equal(statSync(out).mode & 0o777, 0o600)
    const exported = JSON.parse(readFileSync(out, 'utf8'))
    assert.equal(exported.format, EXPORT_FORMAT)
    assert.equal(exported.customer.email, customer.email)
    assert.deepEqual(exported.purchases[0].lines.map((line: any) => [line.name, line.quantity, line.unit_price_cents]), [['Brioche', 3, 500]])
    const text = JSON.stringify(exported)
    for (const needle of [other.publicId, other.email!, other.phoneE164!, other.cardCode, 'Hortense', 'Baguette']) assert.notInclude(text, needle)
    const audited = await db.from('audit_logs').where('action', 'privacy.export_written').where('subject_id', customer.publicId).firstOrFail()
    assert.isNull(audited.staff_member_id)

    const missing = join(folder, 'nobody.json')
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'not-an-id', 'x'.repeat(300)]) {
      const unknown = privacyExport(id, `--out=${missing}`)
      assert.equal(unknown.status, 1, unknown.output)
      assert.include(unknown.output, 'No customer has the id')
    }
    assert.isFalse(existsSync(missing))
    // An erased customer is no longer there to export.
    await db.from('customers').where('id', other.id).update({ erased_at: dbInstant(new Date(), db.connection().dialect.name) })
    assert.equal(privacyExport(other.publicId, `--out=${missing}`).status, 1)
  }).timeout(120_000)
})
