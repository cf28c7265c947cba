import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiRequest } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import Customer from '#customers/models/customer'
import { adjustBalance } from '#loyalty/adjust_balance'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { customerExportSchema } from '#privacy/export/export_schema'
import { deleteExportsOf } from '#privacy/export/export_files'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { createPosToken, createProgram, createStaff, createStore, unique, uniquePhone } from '#tests/helpers/factories'
import { deliverEverything } from '#tests/helpers/queues'
import { createAnimation, sendAtAnyHour } from '../animations/animation_helpers.js'
import { posApi } from '../pos/pos_client.js'

/*
 * What the export tests share: customers with a full history, asking for
 * an export from the portal, downloading it, reading a PDF's text.
 */

// PDFs come back as bytes (superagent would otherwise leave the body empty).
ApiRequest.addParser('application/pdf', (response: any, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  response.on('data', (chunk: Buffer) => chunks.push(chunk))
  response.on('end', () => done(null, Buffer.concat(chunks)))
})

export const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
export const validateExport = ajv.compile(customerExportSchema)

export type Store = Awaited<ReturnType<typeof createStore>>
export type Pos = ReturnType<typeof posApi>
export const session = (publicId: string) => ({ [PORTAL_SESSION_KEY]: publicId })
export const letters = (text: string) => text.replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)])

/**
 * A member with a whole life in the shop, through the real ways in: enrolled
 * at the till (consents), two purchases with lines, an automatic voucher
 * spent on the second, a refunded line, a consent withdrawn from the portal,
 * a welcome e-mail, a staff correction and a rights request.
 */
export async function seedMember(client: any, store: Store, pos: Pos, person: { firstName: string; lastName: string; phone: string; referralCode?: string }) {
  const tag = letters(unique()).toUpperCase()
  const email = `${person.firstName.toLowerCase()}.${tag.toLowerCase()}@example.test`
  const enrolled = await pos.enrol({ email, phone: person.phone, first_name: person.firstName, last_name: person.lastName, birthday: '1990-04-12', consents: { email_marketing: true, sms_marketing: true }, referral_code: person.referralCode })
  enrolled.assertStatus(201)
  const publicId = enrolled.body().id as string
  const row = await db.from('customers').where('public_id', publicId).firstOrFail()
  const skus = [`TARTE${tag}`, `PAIN${tag}`, `CAFE${tag}`]
  const first = await pos.purchase({ customer_id: publicId, total_cents: 12_000, reference: `R-${tag}`, lines: [{ sku: skus[0], name: `Tarte ${tag}`, quantity: 2, unit_price_cents: 4_000, category: 'pâtisserie' }, { sku: skus[1], name: `Pain ${tag}`, quantity: 1, unit_price_cents: 4_000 }] })
  first.assertStatus(201)
  const voucher = first.body().rewards_issued[0]
  const second = await pos.purchase({ customer_id: publicId, total_cents: 2_000, lines: [{ sku: skus[2], name: `Café ${tag}`, quantity: 4, unit_price_cents: 500, category: 'café' }] })
  second.assertStatus(201)
  ;(await pos.redeem({ customer_id: publicId, voucher_code: voucher.code, purchase_id: second.body().purchase_id })).assertStatus(201)
  ;(await pos.refund(first.body().purchase_id, { lines: [{ position: 2, quantity: 1 }] })).assertStatus(201)
  const userAgent = `Browser/${tag}`
  ;(await client.post('/portal/consents').withSession(session(publicId)).withCsrfToken().header('user-agent', userAgent).form({ purpose: 'sms_marketing', decision: 'withdraw' }).redirects(0)).assertStatus(302)
  await db.table('customer_tags').insert({ customer_id: row.id, tag: `tag-${tag}`.toLowerCase().slice(0, 40) })
  const staff = await createStaff('owner', { fullName: `Agent ${tag}` })
  const program = await db.from('loyalty_programs').where('store_id', store.id).firstOrFail()
  const adjusted = await adjustBalance({ customer: await Customer.findOrFail(row.id), programPublicId: program.public_id, unit: 'points', amount: 7, reason: `Geste ${tag}`, staff: { id: staff.id, publicId: staff.publicId }, ip: null })
  if (!adjusted.ok) throw new Error(`adjustment refused: ${adjusted.code}`)
  const requestId = await rightsRequestFor(Number(row.id), staff.id, tag)
  return { id: Number(row.id), publicId, tag, email, phone: person.phone, firstName: person.firstName, cardCode: row.card_code as string, referralCode: row.referral_code as string, skus, userAgent, voucherCode: voucher.code as string, requestId, staffName: staff.fullName, staffEmail: staff.email, purchaseIds: [first.body().purchase_id as string, second.body().purchase_id as string] }
}

async function rightsRequestFor(customerId: number, staffId: number, tag: string) {
  const dialect = db.connection().dialect.name
  const now = dbInstant(new Date(), dialect)
  const publicId = newPublicId()
  const [inserted] = await db
    .table('privacy_requests')
    .insert({ public_id: publicId, customer_id: customerId, type: 'access', channel: 'counter', status: 'in_progress', details: `Demande ${tag}`, received_at: now, due_at: dbInstant(new Date(Date.now() + 30 * 86_400_000), dialect), created_at: now, updated_at: now })
    .returning('id')
  const requestRowId = typeof inserted === 'object' ? inserted.id : inserted
  await db.table('privacy_request_steps').insert({ privacy_request_id: requestRowId, action: 'identity_checked', note: `Carte montrée ${tag}`, staff_member_id: staffId, created_at: now })
  return publicId
}

/** Two members of one store, the same surname, phone numbers one digit apart, both with a full history; B was referred by A. */
export async function twoLookAlikes(client: any) {
  await sendAtAnyHour()
  const store = await createStore({ name: `Boulangerie ${unique()}` })
  await createProgram(store)
  await createAnimation(store, 'welcome')
  const pos = posApi(client, (await createPosToken(store)).bearer)
  const surname = `Lemoine${letters(unique())}`
  const phoneA = uniquePhone()
  const a = await seedMember(client, store, pos, { firstName: 'Camille', lastName: surname, phone: phoneA })
  const b = await seedMember(client, store, pos, { firstName: 'Dominique', lastName: surname, phone: uniquePhone(), referralCode: a.referralCode })
  await deliverEverything()
  return { store, a, b }
}

/** What must never appear in another customer's export: what names them, and the public id of every record of theirs. */
export async function identifiersOf(person: Awaited<ReturnType<typeof seedMember>>) {
  const ids = (rows: Array<{ public_id: string }>) => rows.map((row) => row.public_id)
  const records = [
    ...ids(await db.from('deliveries').where('customer_id', person.id).select('public_id')),
    ...ids(await db.from('vouchers').where('customer_id', person.id).select('public_id')),
    ...ids(await db.from('redemptions').where('customer_id', person.id).select('public_id')),
    ...ids(await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.customer_id', person.id).select('e.public_id')),
    ...ids(await db.from('refunds as r').join('purchases as p', 'p.id', 'r.purchase_id').where('p.customer_id', person.id).select('r.public_id')),
  ]
  // The look-alike has deliveries, vouchers, redemptions, ledger entries and refunds: a leak of any would show.
  if (records.length < 8) throw new Error(`the look-alike has only ${records.length} records`)
  const { email, phone, cardCode, referralCode, firstName, userAgent, voucherCode, requestId, tag, publicId, purchaseIds } = person
  return [publicId, email, phone, phone.slice(3), cardCode, referralCode, firstName, userAgent, voucherCode, requestId, tag, ...purchaseIds, ...records]
}

export async function askForExport(client: any, publicId: string) {
  await limiter.use('redis', { requests: 3, duration: 3600 }).delete(`privacy-export-customer:${publicId}`)
  const asked = await client.post('/portal/exports').withSession(session(publicId)).withCsrfToken().form({}).redirects(0)
  asked.assertStatus(302)
  const location = new URL(asked.header('location'), 'http://x')
  return { exportId: location.pathname.split('/').pop()!, token: location.searchParams.get('token')!, path: `${location.pathname}${location.search}` }
}

export const download = (client: any, publicId: string, exportId: string, format: string, token: string) => client.get(`/portal/exports/${exportId}/${format}`).qs({ token }).withSession(session(publicId))

export function pdfText(bytes: Buffer) {
  const folder = mkdtempSync(join(tmpdir(), 'export-pdf-'))
  try {
    writeFileSync(join(folder, 'export.pdf'), bytes)
    return execFileSync('pdftotext', [join(folder, 'export.pdf'), '-'], { encoding: 'utf8' })
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** The exports of this run hold (test) personal data: their files go with the run. */
export async function deleteThisRunsExports() {
  for (const row of await db.from('privacy_exports').select('customer_id').distinct('customer_id')) await deleteExportsOf(Number(row.customer_id))
}

/** Without any white space: a value that wraps inside a table cell is still found (and still caught). */
export const compact = (text: string) => text.replace(/\s+/g, '')
