import { test } from '@japa/runner'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { EXPORT_FORMAT } from '#privacy/export/customer_export'
import { deleteExpiredExports, deleteExportsOf, exportsRoot } from '#privacy/export/export_files'
import { requestExport } from '#privacy/export/request_export'
import { buildExportFiles } from '#privacy/export/build_export_files'
import { ChromiumMissingError, closePdfRenderer } from '#printing/pdf_renderer'
import env from '#start/env'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { queuePrefix, QUEUES } from '#shared/queue'
import { createCustomer, createPosToken, createProgram, createStore, unique, uniquePhone } from '#tests/helpers/factories'
import { drainQueue } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { posApi } from '../pos/pos_client.js'
import { ajv, askForExport, compact, deleteThisRunsExports, download, identifiersOf, pdfText, seedMember, session, twoLookAlikes, validateExport } from './export_helpers.js'

test.group('Privacy export: complete and strictly personal (R22)', (group) => {
  group.teardown(() => deleteThisRunsExports())
  test("A's JSON, CSV and PDF hold all of A and nothing of look-alike B; the job carries the export id only", async ({ client, assert }) => {
    const { a, b } = await twoLookAlikes(client)
    const home = await client.get('/portal').withSession(session(a.publicId))
    assert.include(home.text(), 'action="/portal/exports"')
    const asked = await askForExport(client, a.publicId)

    // The job in Redis holds the export's public id, nothing else.
    const job = await redis.connection().hgetall(`${queuePrefix()}:${QUEUES.jobs}:privacy-export-${asked.exportId}`)
    assert.equal(job.name, 'privacy.export')
    assert.deepEqual(JSON.parse(job.data), { exportId: asked.exportId })
    for (const needle of [a.email, a.phone, a.firstName, a.cardCode, a.publicId, asked.token]) assert.notInclude(JSON.stringify(job), needle)

    // The mail carries the link; the page follows the build without JavaScript.
    const [mail] = mailsTo(a.email).filter((message) => message.parsed.subject?.includes('copie'))
    assert.include(mail.parsed.text!, `/portal/exports/${asked.exportId}?token=${asked.token}`)
    assert.include(mail.parsed.text!, 'sans caractère commercial')
    const waiting = await client.get(asked.path).withSession(session(a.publicId))
    waiting.assertStatus(200)
    assert.equal(waiting.header('refresh'), '3')
    assert.include(waiting.text(), 'data-export-status="pending"')
    assert.equal(waiting.header('cache-control'), 'no-store')
    ;(await download(client, a.publicId, asked.exportId, 'json', asked.token)).assertStatus(404)

    await drainQueue(QUEUES.jobs, 60_000)
    const ready = await client.get(asked.path).withSession(session(a.publicId))
    assert.include(ready.text(), 'data-export-status="ready"')
    assert.isUndefined(ready.header('refresh'))
    for (const format of ['json', 'csv', 'pdf']) assert.include(ready.text(), `/portal/exports/${asked.exportId}/${format}?token=${asked.token}`)

    const jsonResponse = await download(client, a.publicId, asked.exportId, 'json', asked.token)
    jsonResponse.assertStatus(200)
    assert.include(jsonResponse.header('content-disposition'), 'attachment')
    const exported = jsonResponse.body()
    assert.isTrue(validateExport(exported), ajv.errorsText(validateExport.errors))
    assert.equal(exported.format, EXPORT_FORMAT)
    assert.equal(exported.customer.id, a.publicId)
    assert.equal(exported.customer.email, a.email)
    assert.equal(exported.customer.phone, a.phone)
    assert.equal(exported.customer.card_code, a.cardCode)
    assert.deepInclude(exported.customer, { birth_day: 12, birth_month: 4, birth_year: 1990, source: 'api' })
    assert.deepEqual(exported.tags, [`tag-${a.tag}`.toLowerCase()])

    // Purchases with their lines, the discount used on the second, the refunded line of the first.
    assert.lengthOf(exported.purchases, 2)
    const [first, second] = exported.purchases
    assert.deepEqual(first.lines.map((line: any) => [line.sku, line.quantity, line.unit_price_cents, line.total_cents]), [[a.skus[0], 2, 4_000, 8_000], [a.skus[1], 1, 4_000, 4_000]])
    assert.equal(first.lines[0].category, 'pâtisserie')
    assert.deepEqual(first.refunds[0].lines.map((line: any) => [line.sku, line.quantity]), [[a.skus[1], 1]])
    assert.equal(second.discounts[0].voucher_code, a.voucherCode)
    assert.equal(second.discounts[0].discount_cents, 500)
    // The ledger: earned at the sales, reversed at the refund, the staff correction with its reason but not the staff member.
    const kinds = exported.ledger_entries.map((entry: any) => `${entry.kind}:${entry.unit}:${entry.cause.type}`)
    for (const kind of ['earn:points:purchase', 'reverse:points:refund', 'adjust:points:staff']) assert.include(kinds, kind)
    const correction = exported.ledger_entries.find((entry: any) => entry.kind === 'adjust')
    assert.deepEqual([correction.amount, correction.reason, correction.cause.id], [7, `Geste ${a.tag}`, null])
    const earned = exported.ledger_entries.find((entry: any) => entry.kind === 'earn')
    assert.equal(earned.cause.id, first.id)
    assert.isNotNull(earned.expires_at)
    assert.equal(exported.vouchers[0].code, a.voucherCode)
    assert.equal(exported.vouchers[0].status, 'redeemed')
    assert.equal(exported.redemptions[0].purchase_id, second.id)
    assert.isAbove(exported.loyalty_accounts[0].points, 0)
    // Consents: the history with its proof (till, then the portal's withdrawal with IP and user agent).
    const history = exported.consents.history.map((record: any) => `${record.purpose}:${record.decision}:${record.source}`)
    assert.includeMembers(history, ['email_marketing:granted:api', 'sms_marketing:granted:api', 'sms_marketing:withdrawn:portal'])
    const withdrawal = exported.consents.history.find((record: any) => record.decision === 'withdrawn')
    assert.deepInclude(withdrawal, { ip: '127.0.0.1', user_agent: a.userAgent })
    assert.deepEqual(exported.consents.current, { email_marketing: true, sms_marketing: false, personalisation: false, review_requests: false })
    // Messages received, rights requests, referrals (a count), the notice.
    assert.deepInclude(exported.messages[0], { sent_by: 'animation', channel: 'email', status: 'sent' })
    assert.include(exported.messages[0].name, 'welcome')
    assert.equal(exported.rights_requests[0].id, a.requestId)
    assert.deepInclude(exported.rights_requests[0].steps[0], { action: 'identity_checked', note: `Carte montrée ${a.tag}` })
    assert.deepEqual(exported.referrals, { referred_by_a_member: false, customers_referred: 1 })
    assert.equal(exported.notice.complaint.url, 'https://www.cnil.fr/fr/plaintes')
    assert.includeMembers(exported.notice.activities.map((activity: any) => activity.code), ['customer_management', 'email_marketing', 'sms_marketing'])
    assert.isTrue(exported.notice.activities.every((activity: any) => activity.legal_bases.length > 0 && activity.retention.length > 0 && activity.recipients.length > 0))
    assert.includeMembers(exported.notice.rights.map((right: any) => right.code), ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'])
    // Internal row ids never leave the database.
    assert.notMatch(JSON.stringify(exported), /"(customer_id|account_id|purchase_line_id|staff_member_id)"/)

    const csvResponse = await download(client, a.publicId, asked.exportId, 'csv', asked.token)
    csvResponse.assertStatus(200)
    assert.include(csvResponse.header('content-type'), 'text/csv')
    const csv = csvResponse.text()
    assert.isTrue(csv.startsWith('\ufeffsection,item,field,value\r\n'))
    assert.include(csv, `purchases.lines,${first.id}/1,sku,${a.skus[0]}`)
    assert.include(csv, `purchases.lines,${first.id}/1,unit_price_cents,4000`)
    assert.include(csv, `consents.history,`)
    assert.include(csv, a.userAgent)
    assert.include(csv, `Geste ${a.tag}`)

    const pdfResponse = await download(client, a.publicId, asked.exportId, 'pdf', asked.token)
    pdfResponse.assertStatus(200)
    assert.equal(pdfResponse.header('content-type'), 'application/pdf')
    const pdf = compact(pdfText(pdfResponse.body()))
    for (const needle of [a.publicId, a.email, a.cardCode, 'Camille', a.skus[0], `Tarte ${a.tag}`, a.skus[2], a.voucherCode, `Geste ${a.tag}`, a.userAgent, '127.0.0.1', 'https://www.cnil.fr/fr/plaintes']) {
      assert.include(pdf, compact(needle))
    }

    // Nothing of B anywhere: not their ids, address, phone, card, first name, purchases, consents or requests.
    const everything = { json: JSON.stringify(exported), csv, pdf }
    for (const [format, text] of Object.entries(everything)) {
      for (const needle of await identifiersOf(b)) assert.notInclude(compact(text), compact(needle), `${format} names B (${needle})`)
      for (const needle of [a.staffName, a.staffEmail]) assert.notInclude(compact(text), compact(needle), `${format} names the staff member`)
    }
  }).timeout(120_000)

  test('files are private (0700 / 0600) and expire: a link past 24 hours is refused, then its files are deleted', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const pos = posApi(client, (await createPosToken(store)).bearer)
    const person = await seedMember(client, store, pos, { firstName: 'Eloi', lastName: 'Martin', phone: uniquePhone() })
    const asked = await askForExport(client, person.publicId)
    await drainQueue(QUEUES.jobs, 60_000)
    const row = await db.from('privacy_exports').where('public_id', asked.exportId).firstOrFail()
    assert.equal(row.status, 'ready')
    const folder = join(exportsRoot(), row.directory)
    assert.equal(statSync(folder).mode & 0o777, 0o700)
    for (const file of ['export.json', 'export.csv', 'export.pdf']) assert.equal(statSync(join(folder, file)).mode & 0o777, 0o600)
    assert.notInclude(row.directory, person.publicId)
    ;(await download(client, person.publicId, asked.exportId, 'csv', asked.token)).assertStatus(200)

    await db.from('privacy_exports').where('id', row.id).update({ expires_at: dbInstant(new Date(Date.now() - 1000), db.connection().dialect.name) })
    ;(await download(client, person.publicId, asked.exportId, 'csv', asked.token)).assertStatus(404)
    ;(await client.get(asked.path).withSession(session(person.publicId))).assertStatus(404)
    assert.isAtLeast(await deleteExpiredExports(), 1)
    assert.isFalse(existsSync(folder))
    assert.isNull(await db.from('privacy_exports').where('id', row.id).first())
  }).timeout(120_000)

  test('without Chromium the last attempt marks the export failed, in words without personal data; the page offers to ask again', async ({ client, assert }) => {
    const store = await createStore()
    const pos = posApi(client, (await createPosToken(store)).bearer)
    const publicId = (await pos.enrol({ email: `nochromium.${unique()}@example.test`, first_name: 'Jules' })).body().id as string
    const asked = await askForExport(client, publicId)
    const previous = env.get('CHROMIUM_PATH')
    await closePdfRenderer()
    env.set('CHROMIUM_PATH', '/nonexistent/chromium')
    try {
      await assert.rejects(() => buildExportFiles(asked.exportId, { finalAttempt: false }), ChromiumMissingError as any)
      assert.equal((await db.from('privacy_exports').where('public_id', asked.exportId).firstOrFail()).status, 'building')
      await buildExportFiles(asked.exportId, { finalAttempt: true })
    } finally {
      await closePdfRenderer()
      // Back to the default when it was unset: an empty value, which the renderer and the browser tests read as "the default".
      env.set('CHROMIUM_PATH', previous ?? '')
    }
    const row = await db.from('privacy_exports').where('public_id', asked.exportId).firstOrFail()
    assert.equal(row.status, 'failed')
    assert.include(row.error, 'E_CHROMIUM_MISSING')
    assert.isFalse(existsSync(join(exportsRoot(), row.directory)))
    const page = await client.get(asked.path).withSession(session(publicId))
    assert.include(page.text(), 'data-export-status="failed"')
    assert.include(page.text(), 'action="/portal/exports"')
    ;(await download(client, publicId, asked.exportId, 'json', asked.token)).assertStatus(404)
  }).timeout(60_000)

  test('in English: the portal block, the mail, the pages and the PDF follow the customer', async ({ client, assert }) => {
    const store = await createStore({ name: `Deli ${unique()}` })
    await createProgram(store)
    const customer = await createCustomer(store, { firstName: 'Oliver', locale: 'en' })
    const home = await client.get('/portal').withSession(session(customer.publicId)).header('Accept-Language', 'en')
    home.assertStatus(200)
    assert.include(home.text(), 'Download my data')
    const asked = await askForExport(client, customer.publicId)
    assert.equal(mailsTo(customer.email!).at(-1)!.parsed.subject, `Your copy of your data at ${store.name}`)
    const waiting = await client.get(asked.path).withSession(session(customer.publicId)).header('Accept-Language', 'en')
    assert.include(waiting.text(), 'Your export is waiting in line.')
    await drainQueue(QUEUES.jobs, 60_000)
    const ready = await client.get(asked.path).withSession(session(customer.publicId)).header('Accept-Language', 'en')
    assert.include(ready.text(), 'JSON (machine-readable, for portability)')
    const pdf = compact(pdfText((await download(client, customer.publicId, asked.exportId, 'pdf', asked.token)).body()))
    for (const needle of ['Copy of your personal data', 'Your purchases', 'Your rights', 'lodge a complaint with the CNIL']) assert.include(pdf, compact(needle))
    const missing = await client.get(`/portal/exports/${newPublicId()}`).qs({ token: asked.token }).withSession(session(customer.publicId)).header('Accept-Language', 'en')
    missing.assertStatus(404)
    assert.include(missing.text(), 'Export not found')
  }).timeout(60_000)

  test('deleteExportsOf (erasure) removes every export of the customer, rows and files, and no other', async ({ client, assert }) => {
    const { a, b } = await twoLookAlikes(client)
    const ofA = await requestExport(a.id)
    const ofB = await requestExport(b.id)
    await drainQueue(QUEUES.jobs, 60_000)
    const directory = async (exportId: string) => (await db.from('privacy_exports').where('public_id', exportId).firstOrFail()).directory as string
    const folderB = join(exportsRoot(), await directory(ofB.exportId))
    const folderA = join(exportsRoot(), await directory(ofA.exportId))
    assert.isTrue(existsSync(folderA))
    assert.equal(await deleteExportsOf(a.id), 1)
    assert.isFalse(existsSync(folderA))
    assert.lengthOf(await db.from('privacy_exports').where('customer_id', a.id), 0)
    assert.isTrue(existsSync(join(folderB, 'export.json')))
    assert.notInclude(readFileSync(join(folderB, 'export.json'), 'utf8'), a.email)
  }).timeout(120_000)
})

test.group('Privacy export: only the customer, with the link, in time', (group) => {
  group.teardown(() => deleteThisRunsExports())
  test("another customer's session, a mutated token, another export's token or no session: the same 404", async ({ client, assert }) => {
    const { a, b } = await twoLookAlikes(client)
    const ofA = await askForExport(client, a.publicId)
    const ofB = await askForExport(client, b.publicId)
    await drainQueue(QUEUES.jobs, 60_000)
    ;(await download(client, a.publicId, ofA.exportId, 'json', ofA.token)).assertStatus(200)

    const mutated = `${ofA.token.slice(0, -1)}${ofA.token.endsWith('A') ? 'B' : 'A'}`
    const refused = [
      download(client, b.publicId, ofA.exportId, 'json', ofA.token),
      download(client, a.publicId, ofA.exportId, 'json', mutated),
      download(client, a.publicId, ofA.exportId, 'json', ofB.token),
      download(client, b.publicId, ofA.exportId, 'json', ofB.token),
      client.get(`/portal/exports/${ofA.exportId}/json`).qs({ token: ofA.token }),
      client.get(ofA.path),
      client.get(ofA.path).withSession(session(b.publicId)),
      client.get(`/portal/exports/${ofA.exportId}`).withSession(session(a.publicId)),
      // An id that is nobody's.
      download(client, a.publicId, newPublicId(), 'json', ofA.token),
    ]
    const answers = await Promise.all(refused)
    const notFound = answers[answers.length - 1].text()
    for (const answer of answers) {
      answer.assertStatus(404)
      // One page for "someone else's" and "does not exist" (no enumeration).
      assert.equal(answer.text().replace(/name='_csrf' value='[^']*'/g, ''), notFound.replace(/name='_csrf' value='[^']*'/g, ''))
      assert.notInclude(answer.text(), a.email)
    }
  }).timeout(120_000)

  test('bad input is a 4xx, never a 500; a request needs the CSRF token and a session; the fourth request in an hour is a 429', async ({ client, assert }) => {
    const store = await createStore()
    const pos = posApi(client, (await createPosToken(store)).bearer)
    const enrolled = await pos.enrol({ email: `bad.${unique()}@example.test`, first_name: 'Inès' })
    const publicId = enrolled.body().id as string
    const asked = await askForExport(client, publicId)
    const probes = [
      client.get(`/portal/exports/${asked.exportId}`).qs({ token: 'x'.repeat(5000) }).withSession(session(publicId)),
      client.get(`/portal/exports/${asked.exportId}?token=${asked.token}&token=${asked.token}`).withSession(session(publicId)),
      client.get(`/portal/exports/${asked.exportId}/json`).qs({ token: "' OR 1=1 --" }).withSession(session(publicId)),
      client.get(`/portal/exports/${'Z'.repeat(400)}/json`).qs({ token: asked.token }).withSession(session(publicId)),
      client.get(`/portal/exports/not-an-id`).qs({ token: asked.token }).withSession(session(publicId)),
      client.get(`/portal/exports/${asked.exportId}/exe`).qs({ token: asked.token }).withSession(session(publicId)),
      client.get(`/portal/exports/${asked.exportId}/json`).qs({ token: { nested: 'x' } }).withSession(session(publicId)),
      client.get(`/portal/exports/${asked.exportId}/json`).withSession({ [PORTAL_SESSION_KEY]: { not: 'a string' } }),
    ]
    for (const answer of await Promise.all(probes)) {
      assert.isAtLeast(answer.status(), 400)
      assert.isBelow(answer.status(), 500)
    }
    ;(await client.post('/portal/exports').withSession(session(publicId)).form({}).redirects(0)).assertStatus(403)
    const signedOut = await client.post('/portal/exports').withCsrfToken().form({}).redirects(0)
    signedOut.assertStatus(302)
    assert.equal(signedOut.header('location'), '/portal/sign-in')
    const before = Number((await db.from('privacy_exports').count('* as total').first())!.total)
    for (let i = 0; i < 2; i++) (await client.post('/portal/exports').withSession(session(publicId)).withCsrfToken().form({}).redirects(0)).assertStatus(302)
    const fourth = await client.post('/portal/exports').withSession(session(publicId)).withCsrfToken().form({})
    fourth.assertStatus(429)
    assert.equal(Number((await db.from('privacy_exports').count('* as total').first())!.total), before + 2)
  }).timeout(120_000)
})
