import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import Customer from '#customers/models/customer'
import { createCustomer, createStaff, createStore, uniqueEmail } from '#tests/helpers/factories'
import { frenchFormat, mobile, runJob, startImport, uploadCsv } from './helpers.js'

test.group('Imports: refused uploads', () => {
  test('a 10.5 MB file is refused with a clear message (413)', async ({ client }) => {
    const owner = await createStaff('owner')
    const row = `${'x'.repeat(90)}@example.test\n`
    const big = 'email\n' + row.repeat(Math.ceil((10.5 * 1024 * 1024) / row.length))
    const response = await uploadCsv(client, owner, big).header('Accept-Language', 'en')
    response.assertStatus(413)
    response.assertTextIncludes('This file is larger than 10 MB')
  })

  test('100,001 data rows are refused (422), in French too', async ({ client }) => {
    const marketer = await createStaff('marketer')
    const response = await uploadCsv(client, marketer, 'email\n' + 'a@b.fr\n'.repeat(100_001)).header('Accept-Language', 'fr')
    response.assertStatus(422)
    response.assertTextIncludes('Ce fichier dépasse 100')
  })

  test('a binary file, a wrong extension and an empty form are refused (422)', async ({ client }) => {
    const owner = await createStaff('owner')
    const garbage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), randomBytes(4096)])
    const binary = await uploadCsv(client, owner, garbage).header('Accept-Language', 'en')
    binary.assertStatus(422)
    binary.assertTextIncludes('not a text CSV file')
    const exe = await uploadCsv(client, owner, 'email\na@b.fr\n', 'clients.exe').header('Accept-Language', 'en')
    exe.assertStatus(422)
    exe.assertTextIncludes('Only .csv or .txt files')
    const none = await client.post('/admin/imports').loginAs(owner).withCsrfToken().header('Accept-Language', 'en').fields({ x: '1' })
    none.assertStatus(422)
    none.assertTextIncludes('Choose a CSV file')
  })

  test('an upload needs the CSRF token, and another staff member cannot open it', async ({ client }) => {
    const owner = await createStaff('owner')
    const noCsrf = await client.post('/admin/imports').loginAs(owner).file('file', Buffer.from('email\na@b.fr\n'), { filename: 'a.csv' })
    noCsrf.assertStatus(403)
    const upload = await uploadCsv(client, owner, `email\n${uniqueEmail()}\n`)
    const other = await client.get(upload.header('location')!).loginAs(await createStaff('marketer'))
    other.assertStatus(404)
  })

  test('a Windows-1252 file separated by semicolons is read correctly', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const email = uniqueEmail()
    const latin1 = Buffer.from(`Prénom;Nom;E-mail\nHélène;Lefèvre;${email}\n`, 'latin1')
    const record = await startImport(client, owner, await createStore(), latin1, ['first_name', 'last_name', 'email'])
    assert.equal(record.mapping.delimiter, ';')
    await runJob(record)
    const customer = await Customer.findByOrFail('email', email)
    assert.equal(customer.displayName, 'Hélène Lefèvre')
  })
})

test.group('Imports and export: roles and formula injection', () => {
  test('a cashier gets 403 on imports; a marketer gets 403 on the export', async ({ client }) => {
    const cashier = await createStaff('cashier')
    ;(await client.get('/admin/imports').loginAs(cashier)).assertStatus(403)
    ;(await uploadCsv(client, cashier, 'email\na@b.fr\n')).assertStatus(403)
    ;(await client.get('/admin/customers/export.csv').loginAs(await createStaff('marketer'))).assertStatus(403)
    ;(await client.get('/admin/customers/export.csv').redirects(0)).assertHeader('location', '/sign-in')
  })

  test('hostile cells are stored as text and exported with a leading quote', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const email = uniqueEmail()
    const phone = mobile()
    const csv = `first_name,last_name,email,phone,tags\n"=HYPERLINK(""http://x"",""y"")",<script>alert(1)</script>,${email},${frenchFormat(phone)},+vip\n`
    const record = await startImport(client, owner, await createStore(), csv, ['first_name', 'last_name', 'email', 'phone', 'tags'])
    await runJob(record)
    const customer = await Customer.findByOrFail('email', email)
    assert.equal(customer.firstName, '=HYPERLINK("http://x","y")')
    assert.equal(customer.lastName, '<script>alert(1)</script>')

    const response = await client.get('/admin/customers/export.csv').loginAs(owner)
    response.assertStatus(200)
    const line = response.text().split('\r\n').find((row) => row.startsWith(customer.publicId))
    assert.equal(line, `${customer.publicId},"'=HYPERLINK(""http://x"",""y"")",<script>alert(1)</script>,${email},'${phone},,'+vip,${(await customer.related('store').query().firstOrFail()).name},0.00,0,,${customer.createdAt.toUTC().toISO()}`)
  })

  test('the owner export streams every customer (not erased, not merged) with a BOM, RFC 4180 quoting and an audit entry', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const kept = await createCustomer(store, { firstName: 'Jean, dit "Jeannot"', tags: ['fidèle'], birthDay: 5, birthMonth: 6, birthYear: 1980 })
    const erased = await createCustomer(store)
    await db.from('customers').where('id', erased.id).update({ erased_at: kept.createdAt.toUTC().toSQL({ includeOffset: false }) })
    // Merged duplicates are archived rows: not exported either.
    const total = Number((await db.from('customers').whereNull('erased_at').whereNull('merged_into_id').count('* as total'))[0].total)

    const response = await client.get('/admin/customers/export.csv').loginAs(owner)
    response.assertStatus(200)
    assert.match(response.header('content-type')!, /^text\/csv; charset=utf-8/)
    assert.match(response.header('content-disposition')!, /attachment; filename="customers-\d{8}-\d{4}\.csv"/)
    const text = response.text()
    assert.isTrue(text.startsWith('\ufeffpublic_id,first_name,last_name,email,phone,birthday,tags,store,total_spent,visits,last_purchase_at,created_at\r\n'))
    const rows = text.trim().split('\r\n')
    assert.lengthOf(rows, total + 1)
    const line = rows.find((row) => row.startsWith(kept.publicId))!
    assert.include(line, `,"Jean, dit ""Jeannot""",${kept.lastName},${kept.email},'${kept.phoneE164},05/06/1980,fidèle,${store.name},`)
    assert.isUndefined(rows.find((row) => row.startsWith(erased.publicId)))
    const entry = await db.from('audit_logs').where('action', 'customers.exported').where('staff_member_id', owner.id).firstOrFail()
    assert.deepInclude(JSON.parse(entry.details), { row_count: total })
  })
})
