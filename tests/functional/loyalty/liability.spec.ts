import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse/sync'
import { adjustBalance } from '#loyalty/adjust_balance'
import { expireDueLots } from '#loyalty/expiry_pass'
import { liabilityReport, type LedgerSide, type ProgramLiability } from '#loyalty/liability_report'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { businessTimezone } from '#loyalty/reports/liability_period'
import { issueVoucher } from '#loyalty/vouchers'
import AuditLog from '#shared/models/audit_log'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { write } from '#shared/sql_program'
import type Customer from '#customers/models/customer'
import type Store from '#stores/models/store'
import { createCustomer, createStaff } from '#tests/helpers/factories'
import { coffee, loyaltyShop } from './loyalty_shop.js'

const PARIS = 'Europe/Paris'
/** A calendar day `days` from today in Paris (negative: in the past). */
const day = (days: number) => DateTime.now().setZone(PARIS).plus({ days }).toISODate()!
const isoAgo = (days: number) => DateTime.now().setZone(PARIS).minus({ days }).toISO()!

/** Points, stamps (a valued reward) and cashback, all but stamps valid one month; a 5 € voucher every 100 points. */
function liabilityRules(): ProgramRules {
  const demo = demoRules()
  return {
    ...demo,
    points: { ...demo.points!, validity_months: 1, point_value_cents: 5 },
    stamps: { ...demo.stamps!, goal: 9, reward: { kind: 'product', product_label: 'Un café offert', value_cents: 250, validity_days: 30 } },
    cashback: { rate_bp: 1000, validity_months: 1 },
    tiers: null,
    automatic_rewards: [{ every_points: 100, voucher: { kind: 'amount', value_cents: 500, validity_days: 60 } }],
  }
}

async function reportFor(program: LoyaltyProgram, fromOn: string, toOn: string, timezone = PARIS, side?: LedgerSide) {
  const report = await liabilityReport({ fromOn, toOn, timezone }, side)
  return report.programs.find((row) => row.publicId === program.publicId)!
}

const units = (program: ProgramLiability, unit: string) => Object.fromEntries(program.units.find((row) => row.unit === unit)!.lines.map((line) => [line.line, line]))
const vouchers = (program: ProgramLiability) => Object.fromEntries(program.vouchers.map((line) => [line.line, [line.count, line.valueCents, line.unvalued]]))

/**
 * The ledger replayed to `at`, independently of the caches (balances, open
 * items): every entry before `at` but expiries; then each lot expired by
 * `at` loses what its debits (allocations) had not taken.
 */
async function replay(program: LoyaltyProgram, at: Date) {
  const entries = await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.program_id', program.id).select('e.id', 'e.unit', 'e.kind', 'e.amount', 'e.expires_at', 'e.occurred_at')
  const allocations = await db.from('ledger_allocations as l').join('ledger_entries as d', 'd.id', 'l.debit_entry_id').whereIn('l.credit_entry_id', entries.map((entry) => entry.id)).whereNot('d.kind', 'expire').select('l.credit_entry_id', 'l.amount')
  const taken = new Map<number, number>()
  for (const row of allocations) taken.set(Number(row.credit_entry_id), (taken.get(Number(row.credit_entry_id)) ?? 0) + Number(row.amount))
  const owed: Record<string, number> = { points: 0, stamps: 0, cashback: 0 }
  for (const entry of entries) {
    const amount = Number(entry.amount)
    if (entry.kind !== 'expire' && instantFromDb(entry.occurred_at) < at) owed[entry.unit] += amount
    if (amount > 0 && entry.expires_at !== null && instantFromDb(entry.expires_at) <= at) owed[entry.unit] -= amount - (taken.get(Number(entry.id)) ?? 0)
  }
  return owed
}

const endOf = (on: string) => DateTime.fromISO(on, { zone: PARIS }).plus({ days: 1 }).startOf('day').toJSDate()
const startOf = (on: string) => DateTime.fromISO(on, { zone: PARIS }).startOf('day').toJSDate()

function voucherAt(store: Store, customer: Customer, program: LoyaltyProgram, issuedAt: Date, terms: Parameters<typeof issueVoucher>[0]['terms']) {
  return write((dialect) => issueVoucher({ customerId: customer.id, programId: program.id, source: 'staff', terms, causeEntryId: null, issuedAt, timezone: store.timezone, dialect }))
}

/**
 * c1 earns 100 days ago and 20 days ago (which expires its first lots),
 * gets a 5 € voucher, an adjustment, redeems points and refunds a part;
 * c2 earns 100 days ago and nothing since (its lots expire only lazily);
 * c3 has vouchers issued in the past by hand (one expires, one is a
 * percentage, one is cancelled).
 */
async function shopWithHistory(client: any) {
  const { store, program, customer: c1, pos } = await loyaltyShop(client, liabilityRules())
  const c2 = await createCustomer(store)
  const c3 = await createCustomer(store)
  const buy = async (body: object) => (await pos.purchase(body)).assertStatus(201)
  await buy({ customer_id: c1.publicId, total_cents: 3000, occurred_at: isoAgo(100), lines: [coffee(2), { sku: 'TARTE', name: 'Tarte', quantity: 1, unit_price_cents: 2500 }] })
  await buy({ customer_id: c2.publicId, total_cents: 2250, occurred_at: isoAgo(100), lines: [coffee(9)] })
  const s2 = await pos.purchase({ customer_id: c1.publicId, total_cents: 12_000, occurred_at: isoAgo(20), lines: [coffee(1), { sku: 'MENU', name: 'Menu', quantity: 1, unit_price_cents: 11_750 }] })
  const owner = await createStaff('owner')
  ensure((await adjustBalance({ customer: c1, programPublicId: program.publicId, unit: 'points', amount: 5, reason: 'Geste commercial', staff: owner, ip: null })).ok)
  ;(await pos.redeem({ customer_id: c1.publicId, points: 5 })).assertStatus(201)
  ;(await pos.refund(s2.body().purchase_id, { amount_cents: 1000 })).assertStatus(201)
  const voucherOfC1 = s2.body().rewards_issued[0]
  ;(await pos.redeem({ customer_id: c1.publicId, voucher_code: voucherOfC1.code })).assertStatus(201)
  const ago = (days: number) => DateTime.now().setZone(PARIS).minus({ days }).toJSDate()
  await voucherAt(store, c3, program, ago(95), { kind: 'amount', value_cents: 700, validity_days: 20 })
  await voucherAt(store, c3, program, ago(90), { kind: 'percent', percent: 10, validity_days: 365 })
  const cancelled = await voucherAt(store, c3, program, ago(10), { kind: 'amount', value_cents: 300, validity_days: 30 })
  await db.from('vouchers').where('public_id', cancelled.id).update({ status: 'cancelled' })
  return { store, program, pos, owner }
}

function ensure(condition: boolean) {
  if (!condition) throw new Error('the shop could not be set up')
}

test.group('Loyalty liability report (R38)', () => {
  test('movements add up, the closing is the replayed ledger, lazily-open lots count as expired, and the expiry pass changes nothing', async ({ client, assert }) => {
    const { program } = await shopWithHistory(client)
    const period = await reportFor(program, day(-80), day(0))
    for (const unit of ['points', 'stamps', 'cashback']) {
      const lines = units(period, unit)
      const moved = ['earned', 'bonus', 'redeemed', 'expired', 'reversed', 'adjusted'].reduce((sum, line) => sum + lines[line].units, 0)
      assert.equal(moved, lines.closing.units - lines.opening.units, unit)
    }
    const points = units(period, 'points')
    assert.deepInclude(
      { opening: points.opening.units, earned: points.earned.units, redeemed: points.redeemed.units, expired: points.expired.units, reversed: points.reversed.units, adjusted: points.adjusted.units, closing: points.closing.units },
      { opening: 52, earned: 120, redeemed: -105, expired: -52, reversed: -10, adjusted: 5, closing: 10 }
    )
    const lazily = await db.from('ledger_open_items as o').join('loyalty_accounts as a', 'a.id', 'o.account_id').where('a.program_id', program.id).where('o.expires_at', '<=', dbInstant(new Date(), db.connection().dialect.name)).count('* as n')
    assert.isAbove(Number(lazily[0].n), 0, 'c2 still has open lots past their expiry')

    // The day c1's first lots stopped being valid: their expiry is that day's local midnight.
    const [firstExpiry] = await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.program_id', program.id).where('e.kind', 'expire').select('e.occurred_at')
    const expiryDay = DateTime.fromJSDate(instantFromDb(firstExpiry.occurred_at), { zone: PARIS }).toISODate()!
    const lastValidDay = DateTime.fromISO(expiryDay).minus({ days: 1 }).toISODate()!
    const ends = [day(-110), day(-100), day(-90), day(-75), lastValidDay, expiryDay, day(-50), day(-20), day(-1), day(0)]
    for (const fromOn of [day(-120), lastValidDay, expiryDay]) {
      const opening = await replay(program, startOf(fromOn))
      for (const on of ends.filter((end) => end >= fromOn)) {
        const figures = await reportFor(program, fromOn, on, PARIS, 'after')
        assert.deepEqual(await reportFor(program, fromOn, on, PARIS, 'before'), figures, 'both sides of the ledger give the same figures')
        const closing = await replay(program, endOf(on))
        for (const unit of ['points', 'stamps', 'cashback']) {
          assert.equal(units(figures, unit).closing.units, closing[unit], `${unit} at the end of ${on}`)
          assert.equal(units(figures, unit).opening.units, opening[unit], `${unit} at the start of ${fromOn}`)
        }
      }
    }

    const before = await reportFor(program, day(-80), day(0))
    const earlier = await reportFor(program, day(-110), day(-75))
    await expireDueLots(new Date())
    assert.deepEqual(await reportFor(program, day(-80), day(0)), before)
    assert.deepEqual(await reportFor(program, day(-110), day(-75)), earlier)
    const expired = await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.program_id', program.id).where('e.kind', 'expire').sum('e.amount as total')
    assert.equal(Number(expired[0].total), -52 - 525, 'the pass wrote the lazily-open lots (points and cashback of c1 and c2)')
  })

  test('euro values: points at the current point value, stamps rounded down per line with a rounding line, cashback as is, vouchers at face value', async ({ client, assert }) => {
    const { program } = await shopWithHistory(client)
    const period = await reportFor(program, day(-80), day(0))
    const points = units(period, 'points')
    assert.equal(points.closing.valueCents, 10 * 5)
    assert.equal(points.expired.valueCents, -52 * 5)
    const stamps = units(period, 'stamps')
    assert.deepEqual([stamps.opening.units, stamps.earned.units, stamps.redeemed.units, stamps.closing.units], [11, 1, -9, 3])
    assert.deepEqual([stamps.opening.valueCents, stamps.earned.valueCents, stamps.redeemed.valueCents, stamps.closing.valueCents], [305, 27, -250, 83])
    assert.equal(stamps.rounding.valueCents, 1)
    const cashback = units(period, 'cashback')
    assert.deepEqual([cashback.opening.units, cashback.earned.units, cashback.expired.units, cashback.reversed.units, cashback.closing.units], [525, 1200, -525, -100, 1100])
    assert.equal(cashback.closing.valueCents, 1100)
    assert.deepEqual(vouchers(period), {
      opening: [2, 700, 1],
      issued: [3, 1050, 0],
      redeemed: [1, 500, 0],
      expired: [1, 700, 0],
      cancelled: [1, 300, 0],
      closing: [2, 250, 1],
    })
    assert.equal(period.closingValueCents, 50 + 83 + 1100 + 250)
  })

  test('a voucher whose last valid day ends the period is gone at its close; periods follow one another', async ({ client, assert }) => {
    const { program } = await shopWithHistory(client)
    const early = await reportFor(program, day(-110), day(-75))
    assert.deepEqual(vouchers(early).expired, [1, 700, 0], 'the 700 voucher was valid through the last day, not after')
    assert.deepEqual(vouchers(early).closing, [1, 0, 1])
    const next = await reportFor(program, day(-74), day(0))
    for (const unit of ['points', 'stamps', 'cashback']) assert.equal(units(next, unit).opening.units, units(early, unit).closing.units, unit)
    assert.deepEqual(vouchers(next).opening, vouchers(early).closing)
  })

  test('the CSV: BOM, semicolons, decimal comma, the same figures as the report; audited; a formula in a name is defused', async ({ client, assert }) => {
    const { program, owner } = await shopWithHistory(client)
    await program.merge({ name: '=HYPERLINK("http://evil")' }).save()
    const [fromOn, toOn] = [day(-80), day(0)]
    const response = await client.get('/admin/loyalty/liability.csv').qs({ from: fromOn, to: toOn }).loginAs(owner)
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/csv; charset=utf-8/)
    assert.include(response.header('content-disposition') ?? '', `passif-fidelite_${fromOn}_${toOn}.csv`)
    const text = response.text()
    assert.equal(text.charCodeAt(0), 0xfeff)
    const rows: string[][] = parse(text, { delimiter: ';', bom: true })
    assert.deepEqual(rows[0].slice(0, 3), ['Du', 'Au', 'Programme'])
    const mine = rows.filter((row) => row[3] === program.publicId)
    assert.isTrue(mine.every((row) => row[2] === `'=HYPERLINK("http://evil")`))
    const cents = (text: string) => (text === '' ? null : Number(text.replace(',', '')))
    const expected = await reportFor(program, fromOn, toOn, await businessTimezone())
    const expectedRows = [
      ...expected.units.flatMap((figures) => figures.lines.map((line) => [`${figures.unit}.${line.line}`, line.units, line.valueCents])),
      ...expected.vouchers.map((line) => [`vouchers.${line.line}`, line.count, line.valueCents]),
    ]
    assert.deepEqual(mine.map((row) => [row[6], Number(row[7]), cents(row[8])]), expectedRows)
    assert.include(mine.map((row) => row[8]), '-2,60', 'negative amounts stay numbers with a decimal comma')
    for (const unit of ['points', 'stamps', 'cashback']) {
      const lines = mine.filter((row) => row[6].startsWith(`${unit}.`))
      const value = (code: string) => cents(lines.find((row) => row[6] === `${unit}.${code}`)![8])!
      const moved = lines.filter((row) => !/\.(opening|closing)$/.test(row[6])).reduce((sum, row) => sum + cents(row[8])!, 0)
      assert.equal(moved, value('closing') - value('opening'), `${unit} in euros`)
    }
    const audit = await AuditLog.query().where('action', 'loyalty.liability_exported').where('staffMemberId', owner.id).firstOrFail()
    assert.deepInclude(audit.details!, { from: fromOn, to: toOn })
  })
})

test.group('Loyalty liability pages: access and bad periods', () => {
  for (const locale of ['fr', 'en']) {
    test(`the page in ${locale}: the period form with presets, accessible tables, the CSV link`, async ({ client, assert }) => {
      const { program, owner } = await shopWithHistory(client)
      const [fromOn, toOn] = [day(-80), day(0)]
      const response = await client.get('/admin/loyalty/liability').qs({ from: fromOn, to: toOn }).loginAs(owner).header('accept-language', locale)
      response.assertStatus(200)
      const html = response.text()
      assert.include(html, program.name)
      for (const fragment of ['<caption>', 'scope="col"', 'scope="row"', `value="${fromOn}"`, `value="${toOn}"`, `/admin/loyalty/liability.csv?from=${fromOn}&amp;to=${toOn}`]) assert.include(html, fragment)
      assert.include(html, locale === 'fr' ? 'Comment les montants sont calculés' : 'How the amounts are computed')
      assert.include(html, locale === 'fr' ? 'Le mois dernier' : 'Last month')
    })
  }

  test('without a period: this month so far, in the business calendar', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const today = DateTime.now().setZone(await businessTimezone())
    const response = await client.get('/admin/loyalty/liability').loginAs(owner)
    response.assertStatus(200)
    assert.include(response.text(), `value="${today.startOf('month').toISODate()}"`)
    assert.include(response.text(), `value="${today.toISODate()}"`)
  })

  test('marketers and cashiers are refused; anonymous visitors are sent to sign in', async ({ client, assert }) => {
    for (const path of ['/admin/loyalty/liability', '/admin/loyalty/liability.csv']) {
      for (const role of ['marketer', 'cashier'] as const) (await client.get(path).loginAs(await createStaff(role))).assertStatus(403)
      const anonymous = await client.get(path).redirects(0)
      anonymous.assertStatus(302)
      assert.equal(anonymous.header('location'), '/sign-in')
    }
  })

  test('bad periods: the form back with field errors (422), never a 500, and no export', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const tenYears = DateTime.fromISO(day(0)).minus({ years: 10 }).plus({ days: 1 }).toISODate()!
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: '2026-02-30' }, 'from'],
      [{ from: 'abc' }, 'from'],
      [{ from: '01/04/2026' }, 'from'],
      [{ to: '2026-13-01' }, 'to'],
      [{ to: day(1) }, 'to'],
      [{ from: day(-1), to: day(-2) }, 'from'],
      [{ from: DateTime.fromISO(tenYears).minus({ days: 1 }).toISODate(), to: day(0) }, 'from'],
      [{ from: '1999-12-31', to: '2000-01-05' }, 'from'],
      [{ from: ['2026-01-01', '2026-02-01'] }, 'from'],
      [{ from: '9'.repeat(5000) }, 'from'],
    ]
    for (const [query, field] of cases) {
      for (const path of ['/admin/loyalty/liability', '/admin/loyalty/liability.csv']) {
        const response = await client.get(path).qs(query).loginAs(owner)
        assert.equal(response.status(), 422, `${path} ${JSON.stringify(query)}`)
        assert.include(response.text(), `id="${field}-error"`, JSON.stringify(query))
        assert.include(response.text(), 'aria-invalid="true"')
      }
    }
    ;(await client.get('/admin/loyalty/liability').qs({ from: tenYears, to: day(0) }).loginAs(owner)).assertStatus(200)
    const exported = await AuditLog.query().where('action', 'loyalty.liability_exported').where('staffMemberId', owner.id)
    assert.lengthOf(exported, 0)
  })
})
