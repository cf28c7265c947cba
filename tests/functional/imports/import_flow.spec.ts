import { test } from '@japa/runner'
import { existsSync } from 'node:fs'
import db from '@adonisjs/lucid/services/db'
import Customer from '#customers/models/customer'
import { queue } from '#shared/queue'
import { writeBatch } from '#customers/import/import_batch'
import { normaliseRow } from '#customers/import/normalise_row'
import { createCustomer, createStaff, createStore, unique, uniqueEmail } from '#tests/helpers/factories'
import { frenchFormat, mobile as uniquePhone, runJob, startImport, uploadCsv } from './helpers.js'

test.group('Imports: upload, mapping and job', () => {
  test('the imports page is shown in French and in English', async ({ client }) => {
    const owner = await createStaff('owner')
    const fr = await client.get('/admin/imports').loginAs(owner).header('Accept-Language', 'fr')
    fr.assertStatus(200)
    fr.assertTextIncludes('Importer un fichier CSV')
    const en = await client.get('/admin/imports').loginAs(owner).header('Accept-Language', 'en')
    en.assertTextIncludes('Import a CSV file')
  })

  test('the mapping page shows the escaped header and first rows, with French headers guessed', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const csv = `Prénom;Nom;E-mail;Téléphone;Date de naissance;Remarque\n<script>alert(1)</script>;Dupont;${uniqueEmail()};${frenchFormat(uniquePhone())};14/07/1989;x\n`
    const upload = await uploadCsv(client, marketer, csv)
    upload.assertStatus(302)
    assert.match(upload.header('location')!, /^\/admin\/imports\/uploads\/[0-9A-Z]{26}$/)
    const page = await client.get(upload.header('location')!).loginAs(marketer).header('Accept-Language', 'en')
    page.assertStatus(200)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.match(page.text(), /name="columns\[0\]">[\s\S]*?<option value="first_name" selected ?>/)
    assert.match(page.text(), /name="columns\[3\]">[\s\S]*?<option value="phone" selected ?>/)
    assert.match(page.text(), /name="columns\[5\]">[\s\S]*?<option value="ignore" selected ?>/)
    const fr = await client.get(upload.header('location')!).loginAs(marketer).header('Accept-Language', 'fr')
    fr.assertTextIncludes('Associer les colonnes')
  })

  test('a file is imported: created, in-file and existing duplicates counted and left unchanged, rejects reported', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const existing = await createCustomer(store, { firstName: 'Déjà', lastName: 'Là' })
    const [phoneA, phoneB] = [uniquePhone(), uniquePhone()]
    const emailA = uniqueEmail()
    const csv = [
      'first name,last name,email,phone,birthday,tags',
      `Alice,Martin,${emailA.toUpperCase()},${frenchFormat(phoneA)},1990-02-03,vip|café`,
      `Bob,Durand,,${frenchFormat(phoneB)},14/07,`,
      `Alice bis,Martin,${emailA},,,`,
      `Intrus,Écrasé,${existing.email},,,`,
      `Bad,Phone,,12,,`,
      `"Bad, Mail",X,not-an-email,,,`,
    ].join('\r\n')
    const record = await startImport(client, owner, store, csv, ['first_name', 'last_name', 'email', 'phone', 'birthday', 'tags'])
    assert.equal(record.status, 'queued')
    assert.equal(record.totalRows, 6)
    const started = await db.from('audit_logs').where('action', 'customers.import_started').where('subject_id', record.publicId).firstOrFail()
    assert.include(JSON.parse(started.details), { file_hash: record.fileHash, row_count: 6 })
    assert.equal(started.staff_member_id, owner.id)

    const progress = await runJob(record)
    assert.equal(record.status, 'done')
    assert.include(record.serializeStatus(), { processed_rows: 6, created_count: 2, duplicate_count: 2, rejected_count: 2, percent: 100 })
    assert.deepEqual(progress, [100])
    assert.isFalse(existsSync(record.filePath))

    const alice = await Customer.findByOrFail('email', emailA)
    assert.include(alice.$attributes, { firstName: 'Alice', phoneE164: phoneA, source: 'import', birthDay: 3, birthMonth: 2, birthYear: 1990, storeId: store.id })
    assert.isFalse(Boolean(alice.emailMarketing) || Boolean(alice.smsMarketing))
    const tags = await db.from('customer_tags').where('customer_id', alice.id).orderBy('tag')
    assert.deepEqual(tags.map((row) => row.tag), ['café', 'vip'])
    assert.lengthOf(await db.from('consent_records').where('customer_id', alice.id), 0)
    const enrolled = await db.from('outbox_events').where('type', 'customer.enrolled').where('payload', 'like', `%${alice.publicId}%`)
    assert.lengthOf(enrolled, 1)
    await existing.refresh()
    assert.equal(existing.firstName, 'Déjà')

    const report = await client.get(`/admin/imports/${record.publicId}/rejections.csv`).loginAs(owner)
    report.assertStatus(200)
    assert.match(report.header('content-type')!, /text\/csv/)
    const lines = report.text().replace(/^\ufeff/, '').trim().split('\r\n')
    assert.equal(lines[0], 'row,reason,first name,last name,email,phone,birthday,tags')
    assert.match(lines[1], /^4,duplicate_in_file: /)
    assert.match(lines[2], /^5,duplicate_existing: .*Intrus/)
    assert.match(lines[3], /^6,invalid_phone: /)
    assert.match(lines[4], /^7,invalid_email: .*"Bad, Mail"/)

    const status = await client.get(`/admin/imports/${record.publicId}/status`).loginAs(owner).header('Accept-Language', 'en')
    status.assertBodyContains({ status: 'done', percent: 100, created_count: 2, message: 'Import finished: 6 of 6 rows processed.' })
    const page = await client.get(`/admin/imports/${record.publicId}`).loginAs(owner).header('Accept-Language', 'fr')
    page.assertTextIncludes('<progress id="import-progress" max="100" value="100">')
    page.assertTextIncludes('aria-live="polite"')
    page.assertTextIncludes('/js/imports.js')
    const list = await client.get('/admin/imports').loginAs(owner).header('Accept-Language', 'en')
    list.assertTextIncludes(`/admin/imports/${record.publicId}`)
  })

  test('consent is none without evidence columns and granted with a dated "yes"', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const [withProof, yesNoDate, both] = [uniqueEmail(), uniqueEmail(), uniqueEmail()]
    const csv = [
      'email,phone,optin email,date optin email,source,sms consent,sms consent date',
      `${withProof},,oui,12/03/2023,formulaire papier,,`,
      `${yesNoDate},,oui,,,oui,`,
      `${both},${frenchFormat(uniquePhone())},yes,2024-01-05,site,1,2024-02-01`,
    ].join('\n')
    const columns = ['email', 'phone', 'email_consent', 'email_consent_at', 'email_consent_source', 'sms_consent', 'sms_consent_at']
    const record = await startImport(client, owner, store, csv, columns)
    await runJob(record)
    assert.equal(record.createdCount, 3)

    const granted = await Customer.findByOrFail('email', withProof)
    assert.isTrue(Boolean(granted.emailMarketing))
    const [proof] = await db.from('consent_records').where('customer_id', granted.id)
    assert.include(proof, { purpose: 'email_marketing', decision: 'granted', source: 'import', evidence: `file ${record.fileHash} row 2, given 2023-03-12 via formulaire papier` })

    const none = await Customer.findByOrFail('email', yesNoDate)
    assert.isFalse(Boolean(none.emailMarketing) || Boolean(none.smsMarketing))
    assert.lengthOf(await db.from('consent_records').where('customer_id', none.id), 0)

    const twice = await Customer.findByOrFail('email', both)
    assert.isTrue(Boolean(twice.emailMarketing) && Boolean(twice.smsMarketing))
    const proofs = await db.from('consent_records').where('customer_id', twice.id).orderBy('purpose')
    assert.deepEqual(proofs.map((row) => row.evidence), [`file ${record.fileHash} row 4, given 2024-01-05 via site`, `file ${record.fileHash} row 4, given 2024-02-01 via unspecified`])
  })

  test('the job payload holds the import id only', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const record = await startImport(client, marketer, await createStore(), `email\n${uniqueEmail()}\n`, ['email'])
    const job = await queue('jobs').getJob(`import-${record.publicId}`)
    assert.equal(job?.name, 'customers.import')
    assert.deepEqual(job?.data, { importId: record.id })
    await runJob(record)
  })

  test('a re-run after a crash resumes after processed rows, and a finished import is not run twice', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()]
    const record = await startImport(client, owner, store, `email,name\n${emails.map((email) => `${email},${unique()}`).join('\n')}\n`, ['email', 'ignore'])
    // As if the first batch (row 2) had committed before the process died.
    await createCustomer(store, { email: emails[0], source: 'import' })
    await db.from('customer_imports').where('id', record.id).update({ status: 'running', processed_rows: 1, created_count: 1 })
    await runJob(record)
    assert.include(record.serializeStatus(), { status: 'done', processed_rows: 3, created_count: 3, duplicate_count: 0 })
    await runJob(record)
    assert.equal(record.createdCount, 3)
    assert.lengthOf(await Customer.query().whereIn('email', emails), 3)
  })

  test('a batch that fails on a uniqueness race is replayed row by row: nothing half-written', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const record = await startImport(client, owner, await createStore(), `email\n${uniqueEmail()}\n`, ['email'])
    const [raced, fine] = [uniqueEmail(), uniqueEmail()]
    // Two rows with one e-mail reaching the batch, as when the till enrols it meanwhile.
    const outcomes = [raced, fine, raced].map((email, index) => {
      const result = normaliseRow([email], ['email'])
      if (!result.ok) throw new Error('fixture')
      return { rowNumber: index + 2, cells: [email], kind: 'create' as const, row: result.row }
    })
    await writeBatch(record, outcomes)
    await record.refresh()
    assert.include(record.serializeStatus(), { processed_rows: 3, created_count: 2, duplicate_count: 1, rejected_count: 0 })
    assert.lengthOf(await Customer.query().whereIn('email', [raced, fine]), 2)
    const [rejection] = await db.from('customer_import_rejections').where('customer_import_id', record.id)
    assert.include(rejection, { row_number: 4 })
    assert.match(rejection.reason, /^duplicate_existing/)
    await runJob(record)
  })
})
