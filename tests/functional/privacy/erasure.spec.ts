import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { createPosToken, createProgram, createStore, unique, uniquePhone } from '#tests/helpers/factories'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { hashSecretToken } from '#shared/secret_token'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { isSuppressed } from '#privacy/suppression'
import { journalledCustomers } from '#privacy/erasure/erasure_journal'
import { replayErasures } from '#privacy/erasure/replay_erasures'
import { checkLedger } from '#loyalty/check_ledger'
import { posApi } from '../pos/pos_client.js'

const line = (sku: string) => ({ sku, name: `Article ${sku}`, quantity: 2, unit_price_cents: 450 })

/** A person with names no other test uses, enrolled and active through the real ways in. */
async function seedPerson(client: any, store: Awaited<ReturnType<typeof createStore>>, pos: ReturnType<typeof posApi>) {
  const tag = unique().replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)])
  const person = { firstName: `Zephyrine${tag}`, lastName: `Quaglieri${tag}`, email: `zephyrine.${tag}@example.test`, phone: uniquePhone() }
  const enrolled = await pos.enrol({
    email: person.email,
    phone: person.phone,
    first_name: person.firstName,
    last_name: person.lastName,
    birthday: '1988-07-14',
    consents: { email_marketing: true, sms_marketing: true },
  })
  enrolled.assertStatus(201)
  const publicId = enrolled.body().id as string
  const customer = await db.from('customers').where('public_id', publicId).firstOrFail()
  for (const sku of ['CAFE', 'CROISSANT']) (await pos.purchase({ customer_id: publicId, total_cents: 900, store: store.slug, reference: `E-${unique()}`, lines: [line(sku)] })).assertStatus(201)
  await db.table('customer_tags').insert({ customer_id: customer.id, tag: tag.slice(0, 30) })
  // The portal: a mailed code (a sign-in row with the IP), then a consent withdrawn with the IP and user agent.
  await resetDeviceQuotas([{ key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 }])
  ;(await client.post('/portal/sign-in').withCsrfToken().form({ email: person.email })).assertStatus(200)
  await client.post('/portal/consents').withCsrfToken().withSession({ [PORTAL_SESSION_KEY]: publicId }).header('user-agent', `Browser-${tag}`).form({ purpose: 'sms_marketing', decision: 'withdraw' })
  // A second join with the same address, waiting in its mailbox.
  await resetDeviceQuotas([{ key: 'join-device:127.0.0.1', requests: 10, durationSeconds: 3600 }])
  ;(await client.post(`/join/${store.slug}`).withCsrfToken().form({ email: person.email, first_name: person.firstName, phone: '', birth_day: '14', birth_month: '7', birth_year: '', locale: 'fr', loyalty_membership: 'on' }).redirects(0)).assertStatus(200)
  // A rejected import row holding the address.
  const [importRow] = await db
    .table('customer_imports')
    .insert({ public_id: `01IMPORT${tag.slice(0, 18).toUpperCase().padEnd(18, 'X')}`, store_id: store.id, file_name: 'clients.csv', file_hash: 'x'.repeat(64), mapping: '{}', status: 'done', total_rows: 1, processed_rows: 1, created_count: 0, duplicate_count: 0, rejected_count: 1, created_at: new Date().toISOString().slice(0, 19).replace('T', ' ') })
    .returning('id')
  await db.table('customer_import_rejections').insert({ customer_import_id: importRow.id ?? importRow, row_number: 2, reason: 'invalid_birthday', row: JSON.stringify([person.firstName, person.email, `0${person.phone.slice(3)}`]) })
  return { ...person, id: Number(customer.id), publicId, tag }
}

/** Every row of every table as text, for the traces of a value (the database's own view, both dialects). */
async function tablesContaining(needles: string[]) {
  const dialect = db.connection().dialect.name
  const tables: string[] =
    dialect === 'postgres'
      ? (await db.rawQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).rows.map((row: any) => row.tablename)
      : (await db.rawQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((row: any) => row.name)
  const found: string[] = []
  for (const table of tables) {
    const rows = await db.from(table).select('*')
    const text = JSON.stringify(rows).toLowerCase()
    for (const needle of needles) if (text.includes(needle.toLowerCase())) found.push(`${table}: ${needle}`)
  }
  return found
}

/** Every key and value in Redis, as text. */
async function redisText() {
  const connection = redis.connection()
  const keys = await connection.keys('*')
  const parts: string[] = []
  for (const key of keys) {
    parts.push(key)
    const type = await connection.type(key)
    if (type === 'string') parts.push(String(await connection.get(key)))
    else if (type === 'hash') parts.push(JSON.stringify(await connection.hgetall(key)))
    else if (type === 'list') parts.push(JSON.stringify(await connection.lrange(key, 0, -1)))
    else if (type === 'set') parts.push(JSON.stringify(await connection.smembers(key)))
    else if (type === 'zset') parts.push(JSON.stringify(await connection.zrange(key, 0, -1)))
    else if (type === 'stream') parts.push(JSON.stringify(await connection.xrange(key, '-', '+')))
  }
  return parts.join('\n').toLowerCase()
}

/**
 * Which of the SQLite files (database, log, shared memory) hold a needle, read by another
 * process: closing a descriptor of the database file in this one would drop SQLite's locks here.
 */
function sqliteFilesContaining(needles: string[]) {
  const path = process.env.SQLITE_PATH!.startsWith('/') ? process.env.SQLITE_PATH! : app.makePath(process.env.SQLITE_PATH!)
  const files = [path, `${path}-wal`, `${path}-shm`].filter((file) => existsSync(file))
  const script = `const fs = require('node:fs'); const [files, needles] = JSON.parse(process.argv[1]); const found = [];
    for (const file of files) { const bytes = fs.readFileSync(file); for (const needle of needles) if (bytes.indexOf(Buffer.from(needle, 'utf8')) !== -1) found.push(file + ': ' + needle) }
    console.log(JSON.stringify(found))`
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify([files, needles])], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout) as string[]
}

test.group('Erasure: nothing of the person remains, the accounts stay', () => {
  test('after erasure no table, database file or Redis key holds their e-mail, phone or names; purchases keep their amounts, unlinked; a look-alike is untouched', async ({ client, assert }) => {
    const store = await createStore({ name: 'Épicerie Effacement' })
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const person = await seedPerson(client, store, pos)
    const lookAlike = await seedPerson(client, store, pos)
    await db.from('customers').where('id', lookAlike.id).update({ last_name: person.lastName.replace('Quaglieri', 'Quaglieri-') })
    assert.lengthOf(mailsTo(person.email), 2)
    const national = `0${person.phone.slice(3)}`
    const needles = [person.email, person.phone, national, person.firstName, person.lastName, `Browser-${person.tag}`]
    // The seed did reach every place it should: the test would see a leak.
    assert.isNotEmpty(await tablesContaining(needles))
    assert.include(await redisText(), hashSecretToken(person.email))
    const purchasesBefore = await db.from('purchases').where('store_id', store.id).sum('total_cents as total').count('* as count').first()

    const result = await eraseCustomer({ customerId: person.id, cause: 'request', reason: 'asked at the counter' })
    assert.deepEqual(result, { erased: true, publicId: person.publicId })

    assert.deepEqual(await tablesContaining(needles), [])
    const redisAfter = await redisText()
    for (const needle of [...needles, hashSecretToken(person.email)]) assert.notInclude(redisAfter, needle.toLowerCase())
    if (db.connection().dialect.name !== 'postgres') {
      assert.deepEqual(sqliteFilesContaining(needles), [])
    }
    // The accounts: the same sales and amounts, no longer linked to anyone; the ledger still adds up.
    const purchasesAfter = await db.from('purchases').where('store_id', store.id).sum('total_cents as total').count('* as count').first()
    assert.deepEqual(purchasesAfter, purchasesBefore)
    assert.equal(Number((await db.from('purchases').where('customer_id', person.id).count('* as n').first()).n), 0)
    const tombstone = await db.from('customers').where('id', person.id).firstOrFail()
    assert.isNotNull(tombstone.erased_at)
    assert.isFalse(Boolean(tombstone.email_marketing))
    assert.equal((await checkLedger({})).total, 0)
    // The look-alike keeps everything.
    const kept = await db.from('customers').where('id', lookAlike.id).firstOrFail()
    assert.equal(kept.email, lookAlike.email)
    assert.equal(kept.phone_e164, lookAlike.phone)
    assert.equal(Number((await db.from('purchases').where('customer_id', lookAlike.id).count('* as n').first()).n), 2)
    assert.isAbove(Number((await db.from('consent_records').where('customer_id', lookAlike.id).count('* as n').first()).n), 0)
    // Suppressed for marketing, journalled for a restore; a second erasure changes nothing.
    assert.isTrue(await isSuppressed({ email: person.email.toUpperCase(), phone: null }))
    assert.isTrue(await isSuppressed({ email: null, phone: person.phone }))
    assert.isFalse(await isSuppressed({ email: lookAlike.email, phone: lookAlike.phone }))
    assert.include(await journalledCustomers(), person.publicId)
    assert.deepEqual(await eraseCustomer({ customerId: person.id, cause: 'request' }), { erased: false, why: 'already_erased' })
    // Their session and their card no longer open anything.
    const portal = await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: person.publicId }).redirects(0)
    portal.assertStatus(302)
    ;(await pos.lookup({ email: person.email })).assertStatus(404)
  })

  test('a restored backup does not bring an erased person back: the journal file outside the database is replayed', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)
    const person = await seedPerson(client, store, posApi(client, bearer))
    await eraseCustomer({ customerId: person.id, cause: 'request' })
    // The restore: yesterday's rows come back (the person in clear), today's journal rows are gone.
    await db.from('customers').where('id', person.id).update({ first_name: person.firstName, email: person.email, phone_e164: person.phone, erased_at: null })
    await db.from('erasure_journal').where('customer_public_id', person.publicId).delete()
    const replay = await replayErasures()
    assert.isAtLeast(replay.journalled, 1)
    assert.equal(replay.erasedAgain, 1)
    const row = await db.from('customers').where('id', person.id).firstOrFail()
    assert.isNotNull(row.erased_at)
    assert.isNull(row.email)
    assert.deepEqual(await tablesContaining([person.email, person.firstName]), [])
    assert.equal((await replayErasures()).erasedAgain, 0)
  })

  test('consent proofs stay append-only for everyone not erased', async ({ assert }) => {
    const store = await createStore()
    const client = db.connection()
    const customer = await client.table('customers').insert({ public_id: `01APPEND${unique().toUpperCase().padEnd(18, 'Y').slice(0, 18)}`, store_id: store.id, card_code: unique().slice(0, 16), referral_code: unique().slice(0, 12), locale: 'fr', source: 'admin', created_at: '2026-01-01 00:00:00', updated_at: '2026-01-01 00:00:00' }).returning('id')
    const customerId = Number(customer[0].id ?? customer[0])
    await client.table('consent_records').insert({ customer_id: customerId, purpose: 'email_marketing', decision: 'granted', source: 'till', created_at: '2026-01-01 00:00:00' })
    await assert.rejects(() => client.from('consent_records').where('customer_id', customerId).delete())
    await assert.rejects(() => client.from('consent_records').where('customer_id', customerId).update({ decision: 'withdrawn' }))
    // Audit rows younger than six months cannot be deleted either.
    await client.table('audit_logs').insert({ action: 'test.recent', created_at: new Date().toISOString().slice(0, 19).replace('T', ' ') })
    await assert.rejects(() => client.from('audit_logs').where('action', 'test.recent').delete())
  })

  test('node ace privacy:erase erases by public id with a reason; unknown ids and a missing reason exit 1', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const person = await seedPerson(client, store, pos)
    const ace = (...args: string[]) => spawnSync(process.execPath, ['ace', 'privacy:erase', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
    const noReason = ace(person.publicId)
    assert.equal(noReason.status, 1)
    assert.isNull((await db.from('customers').where('id', person.id).first()).erased_at)
    const unknown = ace('01ARZ3NDEKTSV4RRFFQ69G5FAV', '--reason=letter')
    assert.equal(unknown.status, 1)
    assert.include(unknown.stdout + unknown.stderr, 'No customer')
    const done = ace(person.publicId.toLowerCase(), '--reason=letter received 2026-12-01')
    assert.equal(done.status, 0, done.stderr)
    assert.include(done.stdout, 'erased')
    const row = await db.from('customers').where('id', person.id).first()
    assert.isNotNull(row.erased_at)
    assert.isNull(row.email)
    const log = await db.from('audit_logs').where('action', 'customer.erased').where('subject_id', person.publicId).firstOrFail()
    assert.include(String(log.details), 'letter received')
    const again = ace(person.publicId, '--reason=twice')
    assert.equal(again.status, 0)
    assert.include(again.stdout, 'already erased')
  })
})
