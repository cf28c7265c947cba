import { test } from '@japa/runner'
import { incrementalRevenue, roiOf, sampleVariance, shortOfData, uplift, type GroupFigures } from '#analytics/results/uplift'

/** `n` units, `buyers` of which spent `cents` each, the others nothing; every window elapsed unless told. */
function group(n: number, buyers: number, cents: number, maturedUnits = n): GroupFigures {
  return { units: n, converted: buyers, revenueCents: buyers * cents, revenueSquaresCents: buyers * cents * cents, maturedUnits }
}

const Z = 1.959964

test.group('Results: uplift against the holdout', () => {
  test('rates, incremental revenue, conversion uplift and ROI with their 95 % intervals, on hand-computed figures', ({ assert }) => {
    // Treated: 100 units, 20 bought 10 €; holdout: 50 units, 5 bought 10 €.
    const result = uplift(group(100, 20, 1000), group(50, 5, 1000), 5000)
    assert.equal(result.treated.conversionRate, 0.2)
    assert.equal(result.holdout.conversionRate, 0.1)
    assert.equal(result.treated.revenuePerUnitCents, 200)
    assert.equal(result.holdout.revenuePerUnitCents, 100)
    // s_t² = (2e7 − 20000²/100)/99 = 161 616.16…; s_h² = (5e6 − 5000²/50)/49 = 91 836.73…
    assert.approximately(sampleVariance(group(100, 20, 1000))!, 1.6e7 / 99, 1e-6)
    assert.approximately(sampleVariance(group(50, 5, 1000))!, 4.5e6 / 49, 1e-6)
    // SE of the mean difference = √(1616.16 + 1836.73) = 58.761…; × 1.96 = 115.17 per unit, × 100 units.
    const margin = Z * Math.sqrt(1.6e7 / 99 / 100 + 4.5e6 / 49 / 50) * 100
    assert.approximately(margin, 11_517, 1)
    assert.deepEqual(result.incrementalRevenueCents, { estimate: 10_000, low: Math.round(10_000 - margin), high: Math.round(10_000 + margin) })
    assert.approximately(result.revenuePerUnitUpliftCents!.estimate, 100, 1e-9)
    // Two proportions: √(0.2 × 0.8 / 100 + 0.1 × 0.9 / 50) = √0.0034.
    assert.approximately(result.conversionUplift!.estimate, 0.1, 1e-12)
    assert.approximately(result.conversionUplift!.high - 0.1, Z * Math.sqrt(0.0034), 1e-12)
    assert.approximately(result.conversionUplift!.low, 0.1 - 0.114284, 1e-5)
    // ROI = (10 000 − 5 000) / 5 000 = 1, its bounds from the revenue interval's.
    assert.approximately(result.roi!.estimate, 1, 1e-12)
    assert.approximately(result.roi!.low, (10_000 - margin - 5000) / 5000, 1e-9)
    assert.approximately(result.roi!.high, (10_000 + margin - 5000) / 5000, 1e-9)
    assert.approximately(result.roi!.low, -1.3034, 1e-3)
    assert.isTrue(result.enoughData)
    assert.deepEqual(result.shortOf, [])
  })

  test('incremental revenue scales the per-unit difference to the treated units, whatever the holdout’s size', ({ assert }) => {
    // 3 units of 0, 10, 20 € vs 2 units of 0, 10 €: means 1000 and 500 cents.
    const treated = { units: 3, converted: 2, revenueCents: 3000, revenueSquaresCents: 1000 ** 2 + 2000 ** 2, maturedUnits: 3 }
    const holdout = { units: 2, converted: 1, revenueCents: 1000, revenueSquaresCents: 1000 ** 2, maturedUnits: 2 }
    // s_t² = (5e6 − 9e6/3)/2 = 1e6; s_h² = (1e6 − 1e6/2)/1 = 5e5; SE = √(1e6/3 + 5e5/2) = √583 333.3.
    const interval = incrementalRevenue(treated, holdout)
    assert.approximately(interval.estimate, 1500, 1e-9)
    assert.approximately(interval.high - interval.estimate, Z * Math.sqrt(583_333.333_333) * 3, 1e-3)
  })

  test('identical groups: no effect, and the intervals contain 0', ({ assert }) => {
    const result = uplift(group(400, 80, 2500), group(40, 8, 2500), 1000)
    assert.equal(result.incrementalRevenueCents!.estimate, 0)
    assert.isBelow(result.incrementalRevenueCents!.low, 0)
    assert.isAbove(result.incrementalRevenueCents!.high, 0)
    assert.approximately(result.conversionUplift!.estimate, 0, 1e-12)
    assert.isBelow(result.conversionUplift!.low, 0)
    assert.isAbove(result.conversionUplift!.high, 0)
    // Nothing gained: the whole cost is lost.
    assert.equal(result.roi!.estimate, -1)
  })

  test('no reward cost: no ROI, the revenue effect still measured', ({ assert }) => {
    const result = uplift(group(100, 20, 1000), group(50, 5, 1000), 0)
    assert.isNull(result.roi)
    assert.equal(result.costCents, 0)
    assert.equal(result.incrementalRevenueCents!.estimate, 10_000)
    assert.isNull(roiOf({ estimate: 1, low: 0, high: 2 }, 0))
  })

  test('no holdout at all: rates of the treated only, no effect, "not enough data" says why', ({ assert }) => {
    const result = uplift(group(500, 50, 1000), group(0, 0, 0), 2000)
    assert.equal(result.treated.conversionRate, 0.1)
    assert.isNull(result.holdout.conversionRate)
    assert.isNull(result.holdout.revenuePerUnitCents)
    assert.isNull(result.incrementalRevenueCents)
    assert.isNull(result.conversionUplift)
    assert.isNull(result.roi)
    assert.isFalse(result.enoughData)
    assert.deepEqual(result.shortOf, ['no_holdout'])
  })

  test('not enough data yet: fewer than 30 units in a group, or most windows still open', ({ assert }) => {
    assert.deepEqual(shortOfData(group(29, 5, 100), group(30, 5, 100)), { enoughData: false, shortOf: ['few_treated'] })
    assert.deepEqual(shortOfData(group(300, 5, 100), group(29, 5, 100)), { enoughData: false, shortOf: ['few_holdout'] })
    assert.deepEqual(shortOfData(group(30, 5, 100), group(30, 5, 100)), { enoughData: true, shortOf: [] })
    // Half the units past their window is enough; fewer is not, in either group.
    assert.deepEqual(shortOfData(group(100, 5, 100, 50), group(40, 5, 100, 20)), { enoughData: true, shortOf: [] })
    assert.deepEqual(shortOfData(group(100, 5, 100, 49), group(40, 5, 100, 40)), { enoughData: false, shortOf: ['window_open'] })
    assert.deepEqual(shortOfData(group(100, 5, 100), group(40, 5, 100, 19)), { enoughData: false, shortOf: ['window_open'] })
    assert.deepEqual(shortOfData(group(10, 1, 100, 0), group(5, 0, 0, 0)).shortOf, ['few_treated', 'few_holdout', 'window_open'])
    // Still computed where it can be, flagged as too early.
    const early = uplift(group(10, 2, 1000), group(5, 1, 1000), 100)
    assert.isFalse(early.enoughData)
    assert.isNotNull(early.incrementalRevenueCents)
  })

  test('a single unit in a group has no variance: no interval rather than a wrong one', ({ assert }) => {
    const result = uplift(group(100, 20, 1000), group(1, 1, 1000), 100)
    assert.isNull(sampleVariance(group(1, 1, 1000)))
    assert.isNull(result.incrementalRevenueCents)
    assert.isNull(result.roi)
    assert.equal(result.holdout.conversionRate, 1)
  })

  test('everyone spending the same: zero variance, a zero-width interval', ({ assert }) => {
    const result = uplift(group(50, 50, 1200), group(50, 50, 1000), 0)
    assert.deepEqual(result.incrementalRevenueCents, { estimate: 10_000, low: 10_000, high: 10_000 })
  })
})
