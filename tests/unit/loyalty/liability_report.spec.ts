import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { liabilityReport, periodBounds, valueOf } from '#loyalty/liability_report'
import { defaultRules } from '#loyalty/program_rules'
import { askedPeriod, todayIn } from '#loyalty/reports/liability_period'
import { euros } from '#loyalty/reports/liability_csv'
import { recordSale } from '#purchases/record_purchase'
import { createCustomer, createProgram, createStore } from '#tests/helpers/factories'

const PARIS = 'Europe/Paris'
const bounds = (fromOn: string, toOn: string, timezone = PARIS) => {
  const { fromAt, toAt } = periodBounds({ fromOn, toOn, timezone })
  return [fromAt.toISOString(), toAt.toISOString()]
}

test.group('Liability report: periods are local days (invariant 5)', () => {
  test('a month runs from local midnight to local midnight, across the DST changes', ({ assert }) => {
    assert.deepEqual(bounds('2026-03-01', '2026-03-31'), ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'])
    assert.deepEqual(bounds('2026-10-01', '2026-10-31'), ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'])
    assert.deepEqual(bounds('2026-03-29', '2026-03-29'), ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'], 'the day clocks go forward has 23 hours')
    assert.deepEqual(bounds('2026-10-25', '2026-10-25'), ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'], 'the day clocks go back has 25 hours')
    assert.deepEqual(bounds('2026-04-01', '2026-04-30', 'America/Martinique'), ['2026-04-01T04:00:00.000Z', '2026-05-01T04:00:00.000Z'])
  })

  test('a sale at 00:30 Paris time on 1 April counts in April, one at 23:30 on 31 March in March (and likewise in November)', async ({ assert }) => {
    const store = await createStore()
    const program = await createProgram(store, { ...defaultRules(), points: { ...defaultRules().points!, validity_months: null } })
    const customer = await createCustomer(store)
    const sales: Array<[string, number]> = [
      ['2026-03-29T01:30:00+01:00', 300],
      ['2026-03-31T23:30:00+02:00', 1100],
      ['2026-04-01T00:30:00+02:00', 700],
      ['2026-10-31T23:30:00+01:00', 1300],
      ['2026-11-01T00:30:00+01:00', 1700],
    ]
    for (const [occurredAt, totalCents] of sales) await recordSale({ store, customer, totalCents, occurredAt: new Date(occurredAt), source: 'till' })
    const earned = async (fromOn: string, toOn: string) => {
      const report = await liabilityReport({ fromOn, toOn, timezone: PARIS })
      const points = report.programs.find((row) => row.publicId === program.publicId)!.units.find((row) => row.unit === 'points')!
      return Object.fromEntries(points.lines.map((line) => [line.line, line.units]))
    }
    assert.deepInclude(await earned('2026-03-01', '2026-03-31'), { opening: 0, earned: 14, closing: 14 })
    assert.deepInclude(await earned('2026-04-01', '2026-04-30'), { opening: 14, earned: 7, closing: 21 })
    assert.deepInclude(await earned('2026-04-01', '2026-04-01'), { earned: 7 })
    assert.deepInclude(await earned('2026-10-01', '2026-10-31'), { opening: 21, earned: 13, closing: 34 })
    assert.deepInclude(await earned('2026-11-01', '2026-11-30'), { opening: 34, earned: 17, closing: 51 })
  })
})

test.group('Liability report: values in integer cents', () => {
  test('points × point value; stamps × reward ÷ goal rounded down, negatives too; cashback as is; no value without a basis', ({ assert }) => {
    assert.equal(valueOf(7, { basis: 'point', pointValueCents: 5 }), 35)
    assert.equal(valueOf(1, { basis: 'stamp', rewardValueCents: 250, goal: 9 }), 27)
    assert.equal(valueOf(-1, { basis: 'stamp', rewardValueCents: 250, goal: 9 }), -28)
    assert.equal(valueOf(9, { basis: 'stamp', rewardValueCents: 250, goal: 9 }), 250)
    assert.equal(valueOf(-1234, { basis: 'cents' }), -1234)
    assert.isNull(valueOf(12, null))
    assert.equal(valueOf(3_000_000_000, { basis: 'stamp', rewardValueCents: 1_000_000, goal: 7 }), 428_571_428_571_428)
  })

  test('euros for the CSV: decimal comma, two decimals, a minus sign, no thousands separator', ({ assert }) => {
    assert.deepEqual([0, 5, 100, -260, -5, 123_456].map(euros), ['0,00', '0,05', '1,00', '-2,60', '-0,05', '1234,56'])
  })
})

test.group('Liability report: the period asked for', () => {
  const i18n = () => i18nManager.locale('fr')

  test('by default this month so far; `to` alone means from the first of its month', async ({ assert }) => {
    const today = todayIn(PARIS)
    const asked = await askedPeriod({}, PARIS, i18n())
    assert.deepEqual(asked, { ok: true, period: { fromOn: `${today.slice(0, 8)}01`, toOn: today, timezone: PARIS } })
    assert.deepEqual(await askedPeriod({ to: '2025-02-14' }, PARIS, i18n()), { ok: true, period: { fromOn: '2025-02-01', toOn: '2025-02-14', timezone: PARIS } })
  })

  test('refusals come as field errors in the staff language', async ({ assert }) => {
    const asked = await askedPeriod({ from: '2025-03-10', to: '2025-03-01' }, PARIS, i18n())
    assert.deepEqual(asked, { ok: false, values: { from: '2025-03-10', to: '2025-03-01' }, errors: { from: ['La date de début doit précéder la date de fin.'] } })
    const span = await askedPeriod({ from: '2005-01-01', to: '2015-01-01' }, PARIS, i18nManager.locale('en'))
    assert.deepEqual(span.ok ? null : span.errors, { from: ['The period cannot be longer than 10 years.'] })
    const leap = await askedPeriod({ from: '2023-02-29' }, PARIS, i18n())
    assert.deepEqual(leap.ok ? null : leap.errors, { from: ['Saisissez une date au format AAAA-MM-JJ.'] })
    assert.isTrue((await askedPeriod({ from: '2024-02-29', to: '2024-03-01' }, PARIS, i18n())).ok)
  })
})
