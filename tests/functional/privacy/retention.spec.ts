import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { DateTime, type DurationLike } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type Customer from '#customers/models/customer'
import type Store from '#stores/models/store'
import { recordPurchase } from '#purchases/record_purchase'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { loadPrivacySettings, savePrivacySettings } from '#privacy/privacy_settings'
import { applyPurge, planPurge, PURGE_CATEGORIES } from '#privacy/retention/apply_purge'
import { runNightlyPurge } from '#privacy/retention/nightly_purge'
import { createCustomer, createStore, unique } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'

/*
 * Time travel: the purge runs now, and the records are moved into the past
 * with raw updates (T0 is "so long ago"). Tests share one database: every
 * assertion is about the records a test created; other tests' customers
 * are recent, so no purge here touches them.
 */
const at = (date: Date) => dbInstant(date, db.connection().dialect.name)
const ago = (duration: DurationLike) => at(DateTime.utc().minus(duration).toJSDate())

interface Clocks {
  createdAt?: string
  lastContactAt?: string
  portalSeenAt?: string
  portalWarnedAt?: string
}

/** A customer enrolled the usual way, then moved back in time. */
async function customerWith(store: Store, clocks: Clocks) {
  const customer = await createCustomer(store)
  await setClocks(customer.id, clocks)
  return customer
}

async function setClocks(customerId: number, clocks: Clocks) {
  const columns = { createdAt: 'created_at', lastContactAt: 'last_contact_at', portalSeenAt: 'portal_seen_at', portalWarnedAt: 'portal_warned_at' } as const
  const update = Object.fromEntries(Object.entries(clocks).map(([key, value]) => [columns[key as keyof Clocks], value]))
  await db.from('customers').where('id', customerId).update(update)
}

/** A marketing e-mail sent (and, for all we know, opened): it must not count as activity. */
async function sentEmail(customerId: number, sentAt: string) {
  const [firing] = await db
    .table('firings')
    .insert({ source_type: 'campaign', source_id: 0, customer_id: customerId, occurrence_key: `retention-${unique()}`, holdout: false, points_awarded: 0, created_at: sentAt })
    .returning('id')
  const firingId = firing.id ?? firing
  await db.table('deliveries').insert({ public_id: newPublicId(), firing_id: firingId, customer_id: customerId, channel: 'email', status: 'sent', due_at: sentAt, attempts: 1, sent_at: sentAt, created_at: sentAt, updated_at: sentAt })
}

async function isErased(customer: Customer) {
  const row = await db.from('customers').where('id', customer.id).select('erased_at', 'email', 'last_name').firstOrFail()
  if (row.erased_at) {
    // Erased means anonymised: the tombstone names nobody.
    if (row.email !== null || row.last_name !== null) throw new Error('an erased customer still has an e-mail or a name')
    return true
  }
  return false
}

async function openRequest(customerId: number, status = 'in_progress') {
  const now = at(new Date())
  const [row] = await db
    .table('privacy_requests')
    .insert({ public_id: newPublicId(), customer_id: customerId, type: 'access', channel: 'email', status, received_at: now, due_at: at(DateTime.utc().plus({ months: 1 }).toJSDate()), created_at: now, updated_at: now })
    .returning('id')
  return Number(row.id ?? row)
}

test.group('Retention purge: customers', () => {
  test('a prospect is erased three years after the last contact that came from them; a marketing e-mail sent to them does not count, a portal change does', async ({ assert }) => {
    const store = await createStore()
    // T0 three years and a day ago; an e-mail sent (the closest there is to an open: none is stored) at T0 + 2 years.
    const mailedOnly = await customerWith(store, { createdAt: ago({ years: 3, days: 1 }) })
    await sentEmail(mailedOnly.id, ago({ years: 1, days: 1 }))
    // A change in the portal at T0 + 2 years: the clock starts again from it, so they stay until T0 + 5 years.
    const changedBeforeFive = await customerWith(store, { createdAt: ago({ years: 5, days: -1 }), lastContactAt: ago({ years: 3, days: -1 }) })
    const changedAfterFive = await customerWith(store, { createdAt: ago({ years: 5, days: 1 }), lastContactAt: ago({ years: 3, days: 1 }) })
    const recent = await customerWith(store, { createdAt: ago({ years: 2, months: 11 }) })

    await applyPurge()

    assert.isTrue(await isErased(mailedOnly))
    assert.isFalse(await isErased(changedBeforeFive))
    assert.isTrue(await isErased(changedAfterFive))
    assert.isFalse(await isErased(recent))
    const journalled = await db.from('erasure_journal').where('customer_public_id', mailedOnly.publicId).firstOrFail()
    assert.equal(journalled.cause, 'retention')
    const audited = await db.from('audit_logs').where('action', 'customer.erased').where('subject_id', mailedOnly.publicId).firstOrFail()
    assert.isNull(audited.staff_member_id)
  })

  test('a member whose last purchase with the card was 3 years and a day ago is erased; one who bought 2 years ago, or changed their profile since, is kept', async ({ assert }) => {
    const store = await createStore()
    const lapsed = await customerWith(store, { createdAt: ago({ years: 4 }) })
    const purchase = await recordPurchase({ store, customer: lapsed, totalCents: 1_250, source: 'till', occurredAt: DateTime.utc().minus({ years: 3, days: 1 }).toJSDate() })
    // Messages sent since, opened or not, are not activity (R2).
    await sentEmail(lapsed.id, ago({ months: 6 }))
    const loyal = await customerWith(store, { createdAt: ago({ years: 4 }) })
    await recordPurchase({ store, customer: loyal, totalCents: 800, source: 'till', occurredAt: DateTime.utc().minus({ years: 2 }).toJSDate() })
    const rectified = await customerWith(store, { createdAt: ago({ years: 4 }), lastContactAt: ago({ years: 1 }) })
    await recordPurchase({ store, customer: rectified, totalCents: 800, source: 'till', occurredAt: DateTime.utc().minus({ years: 3, days: 1 }).toJSDate() })

    await applyPurge()

    assert.isTrue(await isErased(lapsed))
    assert.isFalse(await isErased(loyal))
    assert.isFalse(await isErased(rectified))
    // The sale stays for the accounts, without its link to the person.
    const kept = await db.from('purchases').where('id', purchase.id).firstOrFail()
    assert.equal(Number(kept.total_cents), 1_250)
    assert.isNull(kept.customer_id)
  })

  test('a customer with a rights request being handled, or under restriction, is held; once the request is answered the next purge erases them', async ({ assert }) => {
    const store = await createStore()
    const asking = await customerWith(store, { createdAt: ago({ years: 3, days: 2 }) })
    const requestId = await openRequest(asking.id)
    const restricted = await customerWith(store, { createdAt: ago({ years: 3, days: 2 }) })
    await db.from('customers').where('id', restricted.id).update({ restricted_at: ago({ days: 3 }) })
    // An answered request does not hold anyone.
    const answered = await customerWith(store, { createdAt: ago({ years: 3, days: 2 }) })
    await openRequest(answered.id, 'refused')

    const now = new Date()
    const plan = await planPurge(now)
    assert.isAtLeast(plan.counts.customers_held, 2)
    const first = await applyPurge(now)
    assert.equal(first.counts.customers_held, plan.counts.customers_held)
    assert.isFalse(await isErased(asking))
    assert.isFalse(await isErased(restricted))
    assert.isTrue(await isErased(answered))

    await db.from('privacy_requests').where('id', requestId).update({ status: 'done', closed_at: at(new Date()) })
    const second = await applyPurge()
    assert.isTrue(await isErased(asking))
    assert.isFalse(await isErased(restricted))
    assert.equal(second.counts.customers_held, plan.counts.customers_held - 1)
  })

  test('changing the retention setting changes the next purge', async ({ assert }) => {
    const store = await createStore()
    const prospect = await customerWith(store, { createdAt: ago({ months: 25 }) })
    const saved = await db.from('privacy_settings').where('id', 1).first()
    const settings = await loadPrivacySettings()
    try {
      await applyPurge()
      assert.isFalse(await isErased(prospect))
      await savePrivacySettings({ ...settings, retention: { ...settings.retention, prospects_months: 24 } })
      const plan = await planPurge()
      assert.isAtLeast(plan.counts.prospects_erased, 1)
      assert.isFalse(await isErased(prospect))
      await applyPurge()
      assert.isTrue(await isErased(prospect))
    } finally {
      if (saved) await db.from('privacy_settings').where('id', 1).update({ settings: saved.settings })
      else await db.from('privacy_settings').where('id', 1).delete()
    }
  })
})

test.group('Retention purge: the customer portal', () => {
  test('an unused portal gets one warning a month before it closes; it closes at 24 months; a sign-in after the warning starts the clock again', async ({ assert }) => {
    const store = await createStore({ name: `Salon ${unique()}` })
    const seen = DateTime.utc().minus({ months: 24 }).plus({ days: 29 })
    const idle = await customerWith(store, { portalSeenAt: at(seen.toJSDate()) })
    const signIn = { customer_id: idle.id, code_hash: 'c'.repeat(64), attempts: 0, ip: '192.0.2.7', used_at: at(seen.toJSDate()), created_at: at(seen.toJSDate()) }
    await db.table('portal_sign_ins').insert({ ...signIn, link_hash: `a${unique()}`.padEnd(64, 'a'), expires_at: at(DateTime.utc().plus({ minutes: 5 }).toJSDate()) })
    const active = await customerWith(store, { portalSeenAt: ago({ months: 12 }) })
    // Warned, then signed in again: neither warned again nor closed.
    const cameBack = await customerWith(store, { portalSeenAt: ago({ days: 5 }), portalWarnedAt: ago({ days: 40 }) })
    // Warned in an earlier period, then signed in, now unused again for 23 months: a new warning.
    const returned = await customerWith(store, { portalSeenAt: ago({ months: 23, days: 5 }), portalWarnedAt: ago({ months: 26 }) })

    const now = new Date()
    const plan = await planPurge(now)
    assert.isAtLeast(plan.counts.portal_warned, 2)
    const first = await applyPurge(now)
    assert.equal(first.counts.portal_warned, plan.counts.portal_warned)
    assert.lengthOf(mailsTo(returned.email!), 1)
    const [warning] = mailsTo(idle.email!)
    assert.lengthOf(mailsTo(idle.email!), 1)
    assert.include(warning.parsed.subject!, store.name)
    assert.include(warning.parsed.text!, '/portal/sign-in')
    // A service message: the footer says so, and nothing offers to unsubscribe from it.
    assert.include(warning.parsed.text!, 'sans caractère commercial')
    assert.notMatch(warning.raw, /^List-Unsubscribe:/im)
    for (const other of [active, cameBack]) assert.lengthOf(mailsTo(other.email!), 0)

    await applyPurge()
    assert.lengthOf(mailsTo(idle.email!), 1)

    // 20 days later it is still open (not yet 24 months unused)…
    await shiftPortalClocks(idle.id, { days: 20 })
    await applyPurge()
    assert.isNotNull((await db.from('customers').where('id', idle.id).firstOrFail()).portal_seen_at)
    // …and 11 days after that it is closed: its sign-ins are deleted, the card stays.
    await shiftPortalClocks(idle.id, { days: 11 })
    const closing = await applyPurge()
    assert.isAtLeast(closing.counts.portal_closed, 1)
    const closed = await db.from('customers').where('id', idle.id).firstOrFail()
    assert.isNull(closed.portal_seen_at)
    assert.isNull(closed.portal_warned_at)
    assert.isNull(closed.erased_at)
    assert.lengthOf(await db.from('portal_sign_ins').where('customer_id', idle.id), 0)
    assert.lengthOf(mailsTo(idle.email!), 1)
    const untouched = await db.from('customers').where('id', cameBack.id).firstOrFail()
    assert.isNotNull(untouched.portal_seen_at)
  })
})

/** Moves a customer's portal use and warning further into the past. */
async function shiftPortalClocks(customerId: number, duration: DurationLike) {
  const row = await db.from('customers').where('id', customerId).select('portal_seen_at', 'portal_warned_at').firstOrFail()
  const shift = (value: unknown) => (value ? at(DateTime.fromJSDate(toDate(value)).minus(duration).toJSDate()) : null)
  await db.from('customers').where('id', customerId).update({ portal_seen_at: shift(row.portal_seen_at), portal_warned_at: shift(row.portal_warned_at) })
}

function toDate(value: unknown) {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`)
}

test.group('Retention purge: tables, dry run, idempotence', () => {
  test('the dry run changes nothing and counts what the real run then does; a second run does nothing more; one audit row with the counts', async ({ assert }) => {
    const store = await createStore()
    const seeded = await seedEverything(store)
    const purgedBefore = await db.from('audit_logs').where('action', 'privacy.purged').count('* as total').first()

    // One instant for the three runs: a sign-in link of another test expiring in between would change the counts.
    const now = new Date()
    const plan = await planPurge(now)
    assert.deepEqual(Object.keys(plan.counts), PURGE_CATEGORIES)
    for (const category of ['audit_logs', 'privacy_requests', 'suppression_entries', 'join_requests', 'portal_sign_ins', 'portal_email_changes', 'import_rejections', 'dev_messages', 'members_erased', 'prospects_erased']) {
      assert.isAtLeast(plan.counts[category], 1, category)
    }
    assert.deepEqual(await seeded.remaining(), seeded.all)
    const purgedAfterPlan = await db.from('audit_logs').where('action', 'privacy.purged').count('* as total').first()
    assert.equal(Number(purgedAfterPlan.total), Number(purgedBefore.total))

    const applied = await applyPurge(now)
    assert.deepEqual(applied.counts, plan.counts)
    assert.deepEqual(await seeded.remaining(), seeded.kept)

    const again = await applyPurge(now)
    for (const [category, count] of Object.entries(again.counts)) assert.equal(count, category === 'customers_held' ? plan.counts.customers_held : 0, category)
    assert.deepEqual(await seeded.remaining(), seeded.kept)

    const rows = await db.from('audit_logs').where('action', 'privacy.purged').orderBy('id', 'desc').limit(2)
    assert.deepEqual(JSON.parse(rows[1].details), applied.counts)
    assert.isNull(rows[1].staff_member_id)
    assert.isNull(rows[1].subject_id)
  })

  test('node ace privacy:purge --dry-run prints a "would" line per category and changes nothing; without it the purge is applied', async ({ assert }) => {
    const store = await createStore()
    const due = await customerWith(store, { createdAt: ago({ years: 3, days: 3 }) })
    const dry = purgeCommand('--dry-run')
    assert.equal(dry.status, 0, dry.output)
    assert.match(dry.output, /Prospects without contact that would be erased: [1-9]/)
    assert.equal(dry.output.match(/would be|Customers past their term/g)?.length, PURGE_CATEGORIES.length)
    assert.include(dry.output, 'nothing was changed')
    assert.isFalse(await isErased(due))

    const real = purgeCommand()
    assert.equal(real.status, 0, real.output)
    assert.match(real.output, /Prospects without contact erased: [1-9]/)
    assert.notInclude(real.output, 'would be')
    assert.isTrue(await isErased(due))
  }).timeout(120_000)

  test('the nightly purge runs once per night: a second call for the same night does nothing', async ({ assert }) => {
    await db.from('scheduler_marks').where('name', 'privacy.purge').delete()
    const first = await runNightlyPurge()
    assert.isNotNull(first)
    assert.isNull(await runNightlyPurge(new Date(Date.now() + 60_000)))
    // The mark of the night before: the next call runs again.
    await db.from('scheduler_marks').where('name', 'privacy.purge').update({ done_until: ago({ days: 1, hours: 1 }) })
    assert.isNotNull(await runNightlyPurge())
  })
})

function purgeCommand(...args: string[]) {
  const run = spawnSync(process.execPath, ['ace', 'privacy:purge', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 90_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

/**
 * One row past its retention and one within it, in every table the purge
 * cleans, plus a member and a prospect due for erasure. `remaining()` says
 * which of them are still there.
 */
async function seedEverything(store: Store) {
  const tag = unique()
  const now = DateTime.utc()
  const instant = (duration: DurationLike, sign: 1 | -1 = -1) => at((sign === 1 ? now.plus(duration) : now.minus(duration)).toJSDate())
  const ids: Record<string, number | string> = {}

  for (const [name, months] of [['audit_old', 13], ['audit_new', 11]] as const) {
    const [row] = await db.table('audit_logs').insert({ staff_member_id: null, action: 'retention.test', subject_type: 'test', subject_id: `${name}${tag}`.slice(0, 26), created_at: instant({ months }) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  const customer = await createCustomer(store)
  for (const [name, months] of [['request_old', 37], ['request_new', 35]] as const) {
    const requestId = await openRequest(customer.id, 'done')
    await db.from('privacy_requests').where('id', requestId).update({ closed_at: instant({ months }) })
    await db.table('privacy_request_steps').insert({ privacy_request_id: requestId, action: 'closed', created_at: instant({ months }) })
    ids[name] = requestId
  }
  for (const [name, months] of [['suppression_old', 37], ['suppression_new', 35]] as const) {
    ids[name] = `${name}${tag}`.padEnd(64, '0').slice(0, 64)
    await db.table('suppression_list').insert({ hash: ids[name], kind: 'email', reason: 'objection', created_at: instant({ months }) })
  }
  for (const [name, sign] of [['join_old', -1], ['join_new', 1]] as const) {
    const [row] = await db.table('join_requests').insert({ store_id: store.id, token_hash: `${name}${tag}`.padEnd(64, 'j').slice(0, 64), email: `${name}.${tag}@example.test`, expires_at: instant({ hours: 1 }, sign), created_at: instant({ hours: 25 }) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  for (const [name, sign] of [['sign_in_old', -1], ['sign_in_new', 1]] as const) {
    const [row] = await db.table('portal_sign_ins').insert({ customer_id: customer.id, code_hash: 'c'.repeat(64), link_hash: `${name}${tag}`.padEnd(64, 's').slice(0, 64), attempts: 0, ip: '192.0.2.1', expires_at: instant({ minutes: 1 }, sign), created_at: instant({ minutes: 10 }) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  for (const [name, sign] of [['change_old', -1], ['change_new', 1]] as const) {
    const [row] = await db.table('portal_email_changes').insert({ customer_id: customer.id, new_email: `${name}.${tag}@example.test`, token_hash: `${name}${tag}`.padEnd(64, 'e').slice(0, 64), ip: '192.0.2.1', expires_at: instant({ hours: 1 }, sign), created_at: instant({ hours: 23 }) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  for (const [name, days] of [['rejection_old', 31], ['rejection_new', 29]] as const) {
    const [imported] = await db
      .table('customer_imports')
      .insert({ public_id: newPublicId(), store_id: store.id, file_name: 'clients.csv', file_hash: 'f'.repeat(64), mapping: '{}', status: 'done', total_rows: 1, processed_rows: 1, rejected_count: 1, created_at: instant({ days: days + 1 }), finished_at: instant({ days }) })
      .returning('id')
    const [row] = await db.table('customer_import_rejections').insert({ customer_import_id: Number(imported.id ?? imported), row_number: 2, reason: 'invalid_email', row: JSON.stringify(['x', `${name}@`]) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  for (const [name, days] of [['dev_old', 31], ['dev_new', 29]] as const) {
    const [row] = await db.table('dev_messages').insert({ channel: 'email', recipient: `${name}.${tag}@example.test`, subject: 'x', text: 'x', created_at: instant({ days }) }).returning('id')
    ids[name] = Number(row.id ?? row)
  }
  const member = await customerWith(store, { createdAt: instant({ years: 4 }) })
  await recordPurchase({ store, customer: member, totalCents: 500, source: 'till', occurredAt: now.minus({ years: 3, days: 2 }).toJSDate() })
  const prospect = await customerWith(store, { createdAt: instant({ years: 3, days: 2 }) })
  ids.member = member.id
  ids.prospect = prospect.id

  const tables: Record<string, [string, string]> = {
    audit: ['audit_logs', 'id'],
    request: ['privacy_requests', 'id'],
    suppression: ['suppression_list', 'hash'],
    join: ['join_requests', 'id'],
    sign_in: ['portal_sign_ins', 'id'],
    change: ['portal_email_changes', 'id'],
    rejection: ['customer_import_rejections', 'id'],
    dev: ['dev_messages', 'id'],
  }
  const remaining = async () => {
    const names: string[] = []
    for (const [name, id] of Object.entries(ids)) {
      if (name === 'member' || name === 'prospect') {
        if (!(await db.from('customers').where('id', id).whereNull('erased_at').first())) continue
      } else {
        const [table, column] = tables[name.replace(/_(old|new)$/, '')]
        if (!(await db.from(table).where(column, id).first())) continue
        if (name.startsWith('request')) mustHave(await db.from('privacy_request_steps').where('privacy_request_id', id).first(), name)
      }
      names.push(name)
    }
    return names
  }
  const all = Object.keys(ids)
  return { all, kept: all.filter((name) => name.endsWith('_new')), remaining }
}

function mustHave(value: unknown, what: string) {
  if (!value) throw new Error(`the steps of ${what} are gone without it`)
}
