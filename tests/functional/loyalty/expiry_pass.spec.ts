import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { applyDeltas, creditAll, debit, type EntryInput } from '#loyalty/ledger'
import { checkLedger } from '#loyalty/check_ledger'
import { expireDueLots } from '#loyalty/expiry_pass'
import type { ProgramRules } from '#loyalty/program_rules'
import { lotExpiry } from '#loyalty/validity'
import { recordPurchase } from '#purchases/record_purchase'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { write } from '#shared/sql_program'
import { createCustomer } from '#tests/helpers/factories'
import { loyaltyShop, pointsOnly } from './loyalty_shop.js'

/**
 * The scheduler's expiry pass (app/loyalty/expiry_pass.ts, R35, R62 (d) 2).
 * The pass is global: an instant in the future also expires other tests'
 * due lots (which keeps their caches right), so totals are asserted at
 * least; exact totals come from lots dated in the 1990s, which nothing
 * else in a run holds.
 */
const DAY = 86_400_000
const PARIS = 'Europe/Paris'

/** Points (and cashback) valid one month, nothing automatic unless asked. */
function monthly(overrides: Partial<ProgramRules> = {}): ProgramRules {
  const rules = pointsOnly()
  return { ...rules, stamps: null, points: { ...rules.points!, validity_months: 1 }, ...overrides }
}

const accountOf = (customerId: number) => db.from('loyalty_accounts').where('customer_id', customerId).firstOrFail()

async function ledgerOf(accountId: number) {
  const entries = await db.from('ledger_entries').where('account_id', accountId).orderBy('id')
  const open = await db.from('ledger_open_items').where('account_id', accountId).orderBy('entry_id')
  const expiries = await db
    .from('ledger_allocations as al')
    .join('ledger_entries as d', 'd.id', 'al.debit_entry_id')
    .where('d.account_id', accountId)
    .where('d.kind', 'expire')
    .orderBy('al.credit_entry_id')
    .select('al.credit_entry_id as lot', 'al.amount', 'd.amount as entry_amount', 'd.occurred_at', 'd.cause_id')
  return { entries, open, expiries: expiries.map((row) => ({ lot: Number(row.lot), amount: Number(row.amount), entryAmount: Number(row.entry_amount), at: instantFromDb(row.occurred_at).getTime(), causeId: row.cause_id })) }
}

/** Invariant 2 for one account: the cache is the sum of the entries, and loyalty:check agrees. */
async function assertConsistent(assert: any, accountId: number) {
  const account = await db.from('loyalty_accounts').where('id', accountId).firstOrFail()
  const sums = await db.from('ledger_entries').where('account_id', accountId).groupBy('unit').select('unit').sum('amount as total')
  const sum = (unit: string) => Number(sums.find((row) => row.unit === unit)?.total ?? 0)
  assert.deepEqual([Number(account.points), Number(account.stamps), Number(account.cashback_cents)], [sum('points'), sum('stamps'), sum('cashback')], 'cached = Σ entries')
  assert.deepEqual((await checkLedger({ accountIds: [accountId] })).differences, [])
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const expiryOf = (occurredAt: number, months = 1) => lotExpiry(new Date(occurredAt), months, PARIS)!.getTime()

test.group('Expiry pass: due lots only, each on its own date', () => {
  test('only due lots lose their remainder, each dated at its own expiry; the cached balance follows', async ({ client, assert }) => {
    const { store, customer, pos } = await loyaltyShop(client, monthly())
    const now = Date.now()
    const sales = [20, 10, 2].map((days) => now - days * DAY)
    for (const [index, occurredAt] of sales.entries()) await recordPurchase({ store, customer, totalCents: [100_00, 50_00, 30_00][index], occurredAt: new Date(occurredAt), source: 'till' })
    const [a, b, c] = sales.map((occurredAt) => expiryOf(occurredAt))
    ;(await pos.redeem({ customer_id: customer.publicId, points: 70 })).assertStatus(201)
    const account = await accountOf(customer.id)
    assert.equal(Number(account.points), 110)
    const [lotA, lotB, lotC] = (await ledgerOf(account.id)).entries.filter((entry) => entry.kind === 'earn').map((entry) => Number(entry.id))

    await expireDueLots(new Date(a - 1000))
    assert.deepEqual((await ledgerOf(account.id)).expiries, [], 'a second before its expiry, a lot is whole')

    const first = await expireDueLots(new Date(a))
    assert.isAtLeast(first.points, 30)
    let ledger = await ledgerOf(account.id)
    assert.deepEqual(
      ledger.expiries.map(({ lot, amount, entryAmount, at }) => ({ lot, amount, entryAmount, at })),
      [{ lot: lotA, amount: 30, entryAmount: -30, at: a }],
      'the first lot loses what the redemption left of it (100 − 70), at its own expiry'
    )
    assert.equal(Number((await accountOf(customer.id)).points), 80)
    assert.deepEqual(
      ledger.open.map((item) => [Number(item.entry_id), Number(item.remaining)]),
      [
        [lotB, 50],
        [lotC, 30],
      ]
    )
    assert.equal((await pos.lookup({ card: customer.cardCode })).body().balances.points, 80)

    await expireDueLots(new Date(c))
    ledger = await ledgerOf(account.id)
    assert.deepEqual(
      ledger.expiries.map(({ lot, amount, at }) => ({ lot, amount, at })),
      [
        { lot: lotA, amount: 30, at: a },
        { lot: lotB, amount: 50, at: b },
        { lot: lotC, amount: 30, at: c },
      ]
    )
    const publicIds = new Map(ledger.entries.map((entry) => [Number(entry.id), entry.public_id]))
    assert.deepEqual(
      ledger.expiries.map((expiry) => expiry.causeId),
      [lotA, lotB, lotC].map((lot) => publicIds.get(lot)),
      'each expire entry names its lot'
    )
    assert.deepEqual(ledger.open, [])
    assert.equal(Number((await accountOf(customer.id)).points), 0)
    await assertConsistent(assert, account.id)
  })

  test('the pass is idempotent: again at the same instant, or earlier, it writes nothing', async ({ client, assert }) => {
    const { store, customer } = await loyaltyShop(client, monthly({ cashback: { rate_bp: 500, validity_months: 1 } }))
    const now = Date.now()
    await recordPurchase({ store, customer, totalCents: 40_00, occurredAt: new Date(now - 5 * DAY), source: 'till' })
    await recordPurchase({ store, customer, totalCents: 60_00, occurredAt: new Date(now - 1 * DAY), source: 'till' })
    const account = await accountOf(customer.id)
    const at = new Date(expiryOf(now - 1 * DAY))
    await expireDueLots(at)
    const after = await ledgerOf(account.id)
    assert.lengthOf(after.expiries, 4, 'two points lots and two cashback lots')
    const cached = await accountOf(customer.id)
    assert.deepEqual([Number(cached.points), Number(cached.cashback_cents)], [0, 0])

    assert.deepEqual(await expireDueLots(at), { accounts: 0, points: 0, stamps: 0, cashback: 0 }, 'nothing is due twice')
    await expireDueLots(new Date(at.getTime() - 3 * DAY))
    assert.deepEqual(await ledgerOf(account.id), after)
    assert.deepEqual(await accountOf(customer.id), cached)
    await assertConsistent(assert, account.id)
  })

  test('vouchers and automatic rewards are untouched: only the points left after the voucher expire', async ({ client, assert }) => {
    const rules = monthly({ automatic_rewards: [{ every_points: 100, voucher: { kind: 'amount', value_cents: 500, validity_days: 60 } }] })
    const { customer, pos } = await loyaltyShop(client, rules)
    const occurredAt = new Date(Math.floor((Date.now() - 5 * DAY) / 1000) * 1000)
    const sale = await pos.purchase({ customer_id: customer.publicId, total_cents: 130_00, occurred_at: occurredAt.toISOString() })
    sale.assertStatus(201)
    const [voucher] = sale.body().rewards_issued
    assert.equal(sale.body().balances.points, 30)
    const before = await db.from('vouchers').where('code', voucher.code).firstOrFail()

    await expireDueLots(new Date(expiryOf(occurredAt.getTime())))
    const account = await accountOf(customer.id)
    const ledger = await ledgerOf(account.id)
    assert.deepEqual(
      ledger.expiries.map((expiry) => expiry.amount),
      [30],
      'the 100 points the voucher consumed do not expire a second time'
    )
    assert.equal(Number(account.points), 0)
    assert.deepEqual(await db.from('vouchers').where('code', voucher.code).firstOrFail(), before, 'the voucher row is not touched')
    ;(await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })).assertStatus(201)
    await assertConsistent(assert, account.id)
  })

  test('pending lots: a due one expires whole, spendable or not; one not due stays whole and pending', async ({ client, assert }) => {
    const rules = monthly()
    rules.points!.pending_days = 3
    const { store, customer, pos } = await loyaltyShop(client, rules)
    const now = Date.now()
    // The sale of today first: a sale expires its customer's due lots, and this one must find none.
    await recordPurchase({ store, customer, totalCents: 20_00, source: 'till' })
    await recordPurchase({ store, customer, totalCents: 70_00, occurredAt: new Date(now - 40 * DAY), source: 'till' })
    const account = await accountOf(customer.id)
    assert.equal(Number(account.points), 90)
    const [today] = (await ledgerOf(account.id)).open.filter((item) => Number(item.remaining) === 20)

    await expireDueLots(new Date(now + 2 * DAY))
    const ledger = await ledgerOf(account.id)
    assert.deepEqual(
      ledger.expiries.map((expiry) => expiry.amount),
      [70]
    )
    assert.deepEqual(
      ledger.open.map((item) => [Number(item.remaining), instantFromDb(item.available_at).getTime()]),
      [[20, instantFromDb(today.available_at).getTime()]],
      'the pending lot keeps its amount and its date'
    )
    assert.isAbove(instantFromDb(today.available_at).getTime(), Date.now())
    ;(await pos.redeem({ customer_id: customer.publicId, points: 20 })).assertStatus(409)

    // Pending longer than valid: it falls due before it was ever spendable, and expires all the same.
    const late = monthly()
    late.points!.pending_days = 45
    const other = await loyaltyShop(client, late)
    await recordPurchase({ store: other.store, customer: other.customer, totalCents: 25_00, source: 'till' })
    const otherAccount = await accountOf(other.customer.id)
    const [lot] = (await ledgerOf(otherAccount.id)).open
    assert.isBelow(instantFromDb(lot.expires_at).getTime(), instantFromDb(lot.available_at).getTime())
    await expireDueLots(instantFromDb(lot.expires_at))
    assert.deepEqual(
      (await ledgerOf(otherAccount.id)).expiries.map((expiry) => expiry.amount),
      [25]
    )
    assert.equal(Number((await accountOf(other.customer.id)).points), 0)
    await assertConsistent(assert, account.id)
    await assertConsistent(assert, otherAccount.id)
  })
})

test.group('Expiry pass: scale and concurrency', () => {
  test('an account with 1,201 due lots: every remainder expires once, in chunks of 500, with exact totals', async ({ client, assert }) => {
    const { store, customer } = await loyaltyShop(client, monthly())
    const dialect = db.connection().dialect.name
    // Lots of 1995, which nothing else holds: the pass's totals are this account's.
    await recordPurchase({ store, customer, totalCents: 12_00, occurredAt: new Date('1995-01-10T10:00:00Z'), source: 'till' })
    const account = await accountOf(customer.id)
    const base = Date.UTC(1995, 1, 28, 23)
    const entry = (index: number): EntryInput => ({
      accountId: account.id,
      unit: 'points',
      kind: 'bonus',
      amount: 1 + (index % 9),
      cause: { type: 'animation', id: null },
      occurredAt: dbInstant(new Date('1995-01-20T10:00:00Z'), dialect),
      now: dbInstant(new Date(), dialect),
      // Seven expiry dates, midnights in Paris.
      expiresAt: dbInstant(new Date(base + (index % 7) * DAY), dialect),
    })
    const lots = Array.from({ length: 1200 }, (_, index) => entry(index))
    for (let start = 0; start < lots.length; start += 200) {
      const chunk = lots.slice(start, start + 200)
      await write(function* () {
        yield* creditAll(chunk, () => false)
        yield* applyDeltas(account.id, { points: chunk.reduce((sum, lot) => sum + lot.amount, 0), stamps: 0, cashback: 0 }, chunk[0].now)
      })
    }
    // Spend 20 points as of February 1995: the soonest lots give them.
    await write(function* (d) {
      const at = dbInstant(new Date('1995-02-01T10:00:00Z'), d)
      const taken = yield* debit({ accountId: account.id, unit: 'points', kind: 'redeem', amount: -20, cause: { type: 'redemption', id: null }, occurredAt: at, now: at }, { at, spendableOnly: true, allowDebt: false })
      if (!taken) throw new Error('the test lots should cover 20 points')
      yield* applyDeltas(account.id, { points: -20, stamps: 0, cashback: 0 }, at)
    })
    const before = await accountOf(customer.id)
    const open = await db.from('ledger_open_items').where('account_id', account.id)
    assert.lengthOf(open, 1201 - 2, 'the 12 points of the sale and the soonest lot (1) gave 13, the next soonest (8) the other 7')
    const remainders = open.reduce((sum, item) => sum + Number(item.remaining), 0)
    assert.equal(Number(before.points), remainders)

    const inserts: string[] = []
    const listen = (query: { sql: string }) => {
      if (/^\s*(WITH .*)?INSERT INTO ledger_entries/s.test(query.sql)) inserts.push(query.sql)
    }
    db.connection().emitter.on('db:query', listen)
    let result
    try {
      result = await expireDueLots(new Date('1995-04-01T00:00:00Z'))
    } finally {
      db.connection().emitter.off('db:query', listen)
    }
    assert.deepEqual(result, { accounts: 1, points: remainders, stamps: 0, cashback: 0 })
    assert.lengthOf(inserts, 3, '1,199 expire entries in chunks of 500')
    const ledger = await ledgerOf(account.id)
    assert.lengthOf(ledger.expiries, open.length)
    const remainderOf = new Map(open.map((item) => [Number(item.entry_id), Number(item.remaining)]))
    const expiryOfLot = new Map(ledger.entries.filter((e) => Number(e.amount) > 0).map((e) => [Number(e.id), instantFromDb(e.expires_at).getTime()]))
    for (const expiry of ledger.expiries) {
      assert.equal(expiry.amount, remainderOf.get(expiry.lot), `lot ${expiry.lot}: its remainder, no more`)
      assert.equal(expiry.entryAmount, -expiry.amount)
      assert.equal(expiry.at, expiryOfLot.get(expiry.lot), `lot ${expiry.lot}: dated at its own expiry`)
    }
    assert.equal(new Set(ledger.expiries.map((expiry) => expiry.lot)).size, ledger.expiries.length, 'each lot expires once')
    assert.equal(Number((await accountOf(customer.id)).points), 0)
    assert.deepEqual(await expireDueLots(new Date('1995-04-01T00:00:00Z')), { accounts: 0, points: 0, stamps: 0, cashback: 0 })
    await assertConsistent(assert, account.id)
  }).timeout(120_000)

  test('POS sales and passes expiring the same customers at once: each lot expires exactly once', async ({ client, assert }) => {
    const rules = monthly({ cashback: { rate_bp: 500, validity_months: 1 } })
    const { store, pos } = await loyaltyShop(client, rules)
    const postgres = db.connection().dialect.name === 'postgres'
    for (let round = 0; round < 6; round++) {
      // Odd rounds on Postgres: the due lots are held locked until every sale and both passes have read them.
      const held = postgres && round % 2 === 1
      const customers = await Promise.all(Array.from({ length: held ? 3 : 10 }, () => createCustomer(store)))
      const now = Date.now()
      // One due lot of points and one of cashback each (a sale does not expire its own lot).
      for (const customer of customers) await recordPurchase({ store, customer, totalCents: 50_00, occurredAt: new Date(now - 40 * DAY), source: 'till' })
      const accountIds = await Promise.all(customers.map(async (customer) => Number((await accountOf(customer.id)).id)))
      const lock = held ? await db.transaction() : null
      if (lock) await lock.from('ledger_open_items').whereIn('account_id', accountIds).forUpdate().select('entry_id')
      // Two passes (a double tick) and the sales, the second pass a little later each round so that some meet.
      const racing = Promise.all([
        ...customers.map((customer) => pos.purchase({ customer_id: customer.publicId, total_cents: 10_00 })),
        expireDueLots(new Date()),
        pause(round * 2).then(() => expireDueLots(new Date())),
      ])
      if (lock) await pause(300).then(() => lock.commit())
      const answers = await racing
      for (const [index, customer] of customers.entries()) {
        const answer = answers[index] as Awaited<ReturnType<typeof pos.purchase>>
        answer.assertStatus(201)
        const account = await accountOf(customer.id)
        const ledger = await ledgerOf(account.id)
        assert.deepEqual(
          ledger.expiries.map((expiry) => expiry.amount).sort((x, y) => x - y),
          [50, 250],
          `round ${round}, customer ${index}: each lot expired once`
        )
        assert.deepEqual([Number(account.points), Number(account.cashback_cents)], [10, 50])
        await assertConsistent(assert, account.id)
        assert.deepEqual(answer.body().balances, { points: 10, stamps: 0, cashback_cents: 50 }, `round ${round}, customer ${index}: the sale answers the balance after the expiry, whoever expired the lots`)
      }
    }
  }).timeout(120_000)
})

test.group('Expiry pass: its cost follows what is due', () => {
  test('the pass reads only the due lots, by the expires_at index, and never the accounts with nothing due', async ({ client, assert }) => {
    const { store, customer } = await loyaltyShop(client, monthly())
    const busy = await createCustomer(store)
    const dialect = db.connection().dialect.name
    // A due lot of March 1996, and an account with 600 lots due in 2090.
    await recordPurchase({ store, customer, totalCents: 42_00, occurredAt: new Date('1996-02-10T10:00:00Z'), source: 'till' })
    await recordPurchase({ store, customer: busy, totalCents: 1_00, source: 'till' })
    const due = await accountOf(customer.id)
    const notDue = await accountOf(busy.id)
    const far = Array.from({ length: 600 }, (_, index): EntryInput => ({
      accountId: notDue.id,
      unit: 'points',
      kind: 'bonus',
      amount: 1,
      cause: { type: 'animation', id: null },
      occurredAt: dbInstant(new Date(), dialect),
      now: dbInstant(new Date(), dialect),
      expiresAt: dbInstant(new Date(Date.UTC(2090, 0, 1 + (index % 30), 23)), dialect),
    }))
    await write(function* () {
      yield* creditAll(far, () => false)
      yield* applyDeltas(notDue.id, { points: far.length, stamps: 0, cashback: 0 }, far[0].now)
    })

    const at = new Date('1996-06-01T00:00:00Z')
    const statements: Array<{ sql: string; bindings: unknown[] }> = []
    const listen = (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] })
    db.connection().emitter.on('db:query', listen)
    let result
    try {
      result = await expireDueLots(at)
    } finally {
      db.connection().emitter.off('db:query', listen)
    }
    assert.deepEqual(result, { accounts: 1, points: 42, stamps: 0, cashback: 0 })
    assert.isAtMost(statements.length, 12, statements.map((statement) => statement.sql).join('\n'))
    // One account's transaction, the due one's: its open lots deleted, its balance updated.
    const touched = statements.filter((statement) => /DELETE FROM ledger_open_items WHERE account_id = \?/.test(statement.sql))
    assert.deepEqual(touched.map((statement) => String(statement.bindings[0])), [String(due.id)])
    const updated = statements.filter((statement) => /UPDATE loyalty_accounts/.test(statement.sql))
    assert.deepEqual(updated.map((statement) => String(statement.bindings[statement.bindings.length - 1])), [String(due.id)])
    // The reads of open lots outside an account's transaction: the due-lot scan, bounded by the instant.
    const scans = statements.filter((statement) => /from\s+[`"]?ledger_open_items[`"]?/i.test(statement.sql) && !/DELETE/i.test(statement.sql))
    assert.lengthOf(scans, 2, 'one batch of due lots, then one after the cursor that finds none')
    for (const scan of scans) {
      assert.match(scan.sql, /[`"]?expires_at[`"]?\s*<=\s*(\?|\$\d+)/i, 'bounded by the instant')
      assert.include(scan.bindings.map(String), dbInstant(at, dialect))
    }
    const plan = await planOf(scans[0].sql, scans[0].bindings)
    assert.match(plan, /expires_at/i, `the scan uses an index on expires_at:\n${plan}`)
    assert.notMatch(plan, /Seq Scan|SCAN ledger_open_items(?! USING)/i, plan)
    assert.equal(Number((await accountOf(busy.id)).points), 601)
    await assertConsistent(assert, notDue.id)
  })
})

/** The query plan of a captured statement; on Postgres with sequential scans disfavoured, so an index is taken if one can serve. */
async function planOf(text: string, bindings: unknown[]) {
  const sql = text.replace(/\$\d+/g, '?')
  if (db.connection().dialect.name !== 'postgres') {
    const rows = await db.rawQuery(`EXPLAIN QUERY PLAN ${sql}`, bindings as any[])
    return (rows as Array<{ detail: string }>).map((row) => row.detail).join('\n')
  }
  return db.transaction(async (trx) => {
    await trx.rawQuery('SET LOCAL enable_seqscan = off')
    const rows = await trx.rawQuery(`EXPLAIN ${sql}`, bindings as any[])
    return rows.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')
  })
}
