import { test } from '@japa/runner'
import fc from 'fast-check'
import { earnFor, sameCode, type Basket, type BasketLine, type Earned } from '#loyalty/earn_rules'
import { defaultRules, demoRules, type ProgramRules, type TierLevel } from '#loyalty/program_rules'

const line = (sku: string, quantity: number, unitPriceCents: number, category: string | null = null): BasketLine => ({ sku, quantity, unitPriceCents, category })
const basketOf = (...lines: BasketLine[]): Basket => ({ totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0), lines })
const noTier = null
const tier = (multiplierPct: number, name = `×${multiplierPct}`): TierLevel => ({ key: name.toLowerCase().replace(/\W/g, ''), name, threshold: 0, multiplier_pct: multiplierPct })

/** Points, stamps and cashback, with exclusions on gift cards. */
function rules(overrides: Partial<ProgramRules> = {}): ProgramRules {
  return {
    ...demoRules(),
    cashback: { rate_bp: 250, validity_months: null },
    automatic_rewards: [],
    ...overrides,
  }
}

/** Σ explanation amounts per unit. */
function explained(earned: Earned) {
  const sum = { points: 0, stamps: 0, cashback: 0 }
  for (const reason of earned.explanation) sum[reason.unit] += reason.amount
  return sum
}

test.group('Earning rules: rounding (R63)', () => {
  test('a basket of 0,10 € + 0,20 € earns 0 points (whole euros only), and 0 cashback cents at 2,5 %', ({ assert }) => {
    const earned = earnFor(rules(), basketOf(line('BONBON', 1, 10), line('SUCETTE', 1, 20)), noTier)
    assert.equal(earned.eligibleCents, 30)
    assert.equal(earned.points, 0)
    assert.equal(earned.cashbackCents, 0)
    assert.deepInclude(earned.explanation, { unit: 'points', code: 'base', amount: 0, params: { eligible_cents: 30, euros: 0, per_euro: 1 } })
  })

  test('99,99 € earns 99 points, never 100', ({ assert }) => {
    assert.equal(earnFor(defaultRules(), { totalCents: 9999, lines: [] }, noTier).points, 99)
    assert.equal(earnFor(defaultRules(), { totalCents: 10_000, lines: [] }, noTier).points, 100)
    assert.equal(earnFor(defaultRules(), { totalCents: 99, lines: [] }, noTier).points, 0)
  })

  test('points per euro multiply the whole euros: 12,34 € at 10 points per euro is 120', ({ assert }) => {
    const tenPerEuro = defaultRules()
    tenPerEuro.points!.per_euro = 10
    assert.equal(earnFor(tenPerEuro, { totalCents: 1234, lines: [] }, noTier).points, 120)
  })

  test('the tier multiplier floors: 7 points × 1,25 → 8', ({ assert }) => {
    const earned = earnFor(rules(), { totalCents: 750, lines: [] }, tier(125, 'Argent'))
    assert.equal(earned.points, 8)
    assert.deepEqual(
      earned.explanation.filter((reason) => reason.unit === 'points').map((reason) => [reason.code, reason.amount]),
      [
        ['base', 7],
        ['tier_multiplier', 1],
      ]
    )
    assert.equal(earnFor(rules(), { totalCents: 300, lines: [] }, tier(150)).points, 4)
    assert.equal(earnFor(rules(), { totalCents: 100, lines: [] }, tier(199)).points, 1)
  })

  test('cashback floors to the cent: 9,99 € at 2,5 % is 24 cents (24,975)', ({ assert }) => {
    assert.equal(earnFor(rules(), { totalCents: 999, lines: [] }, noTier).cashbackCents, 24)
    assert.equal(earnFor(rules(), { totalCents: 1000, lines: [] }, noTier).cashbackCents, 25)
    assert.equal(earnFor(rules({ cashback: { rate_bp: 1, validity_months: null } }), { totalCents: 9999, lines: [] }, noTier).cashbackCents, 0)
  })
})

test.group('Earning rules: the order of evaluation', () => {
  test('exclusions come before the multiplier: 60 € with a 50 € gift card at ×1,5 earns 15, not 90 − 75', ({ assert }) => {
    const basket = basketOf(line('CARTE-CADEAU', 1, 5000, 'carte-cadeau'), line('CAFE', 4, 250, 'café'))
    const earned = earnFor(rules(), basket, tier(150, 'Or'))
    assert.equal(earned.eligibleCents, 1000)
    assert.equal(earned.points, 15)
    assert.deepInclude(earned.explanation, { unit: 'points', code: 'excluded_line', amount: 0, params: { sku: 'CARTE-CADEAU', cents: 5000 } })
  })

  test('exclusions match the SKU or the category whatever the case, and cashback is on the eligible amount too', ({ assert }) => {
    const bySku = earnFor(rules(), { totalCents: 6000, lines: [line('carte-cadeau', 1, 5000), line('X', 1, 1000)] }, noTier)
    assert.equal(bySku.eligibleCents, 1000)
    const byCategory = earnFor(rules(), { totalCents: 6000, lines: [line('GC-50', 1, 5000, 'Carte-Cadeau'), line('X', 1, 1000)] }, noTier)
    assert.equal(byCategory.eligibleCents, 1000)
    assert.equal(byCategory.points, 10)
    assert.equal(byCategory.cashbackCents, 25)
  })

  test('the eligible amount never goes below 0 (a discounted total under the excluded lines)', ({ assert }) => {
    const earned = earnFor(rules(), { totalCents: 4000, lines: [line('CARTE-CADEAU', 1, 5000)] }, tier(150))
    assert.equal(earned.eligibleCents, 0)
    assert.equal(earned.points, 0)
    assert.equal(earned.cashbackCents, 0)
  })

  test('without lines the whole total is eligible', ({ assert }) => {
    assert.equal(earnFor(rules(), { totalCents: 5000, lines: [] }, noTier).eligibleCents, 5000)
  })

  test('multipliers never stack: the Or tier is ×1,5 on the base, not ×1,25 then ×1,5', ({ assert }) => {
    const levels = demoRules().tiers!.levels
    const or = levels.find((level) => level.key === 'or')!
    const earned = earnFor(rules(), { totalCents: 10_000, lines: [] }, or)
    assert.equal(earned.points, 150)
    assert.lengthOf(
      earned.explanation.filter((reason) => reason.code === 'tier_multiplier'),
      1
    )
    // ×1 writes no multiplier line at all.
    const bronze = earnFor(rules(), { totalCents: 10_000, lines: [] }, levels[0])
    assert.equal(bronze.points, 100)
    assert.notInclude(
      bronze.explanation.map((reason) => reason.code),
      'tier_multiplier'
    )
  })

  test('the tier multiplies points only: stamps and cashback are the same at every tier', ({ assert }) => {
    const basket = basketOf(line('CAFE', 3, 250, 'café'), line('CROISSANT', 1, 1250))
    const plain = earnFor(rules(), basket, noTier)
    const gold = earnFor(rules(), basket, tier(150))
    assert.equal(plain.points, 20)
    assert.equal(gold.points, 30)
    assert.equal(gold.stamps, plain.stamps)
    assert.equal(gold.cashbackCents, plain.cashbackCents)
    assert.equal(gold.cashbackCents, 50)
  })
})

test.group('Earning rules: stamps', () => {
  test('stamps count the quantities of matching lines whatever the case and the Unicode form of "Café"', ({ assert }) => {
    const nfc = 'Caf\u00e9'
    const nfd = 'Cafe\u0301'
    assert.notEqual(nfc, nfd)
    for (const ruleCategory of [nfc, nfd, 'CAFÉ', 'café']) {
      const stampRules = rules({ stamps: { ...demoRules().stamps!, categories: [ruleCategory], skus: ['esp-01'] } })
      const basket = basketOf(
        line('LATTE', 3, 350, nfd.toUpperCase()),
        line('NOISETTE', 2, 220, nfc),
        line('ESP-01', 2, 180),
        // Both the SKU and the category match: its quantity counts once.
        line('esp-01', 1, 180, 'café'),
        // Another word: "Cafe" without the accent is not "Café".
        line('DECA', 4, 200, 'Cafe'),
        line('CROISSANT', 5, 120, 'viennoiserie')
      )
      const earned = earnFor(stampRules, basket, noTier)
      assert.equal(earned.stamps, 3 + 2 + 2 + 1, ruleCategory)
      assert.equal(explained(earned).stamps, earned.stamps)
    }
  })

  test('sameCode compares NFC and NFD forms and cases alike, and nothing else', ({ assert }) => {
    assert.isTrue(sameCode('Caf\u00e9', 'CAFE\u0301'))
    assert.isTrue(sameCode('crème', 'CRE\u0300ME'))
    assert.isFalse(sameCode('cafe', 'café'))
    assert.isFalse(sameCode('café ', 'café'))
  })
})

test.group('Earning rules: explanations add up', () => {
  const code = fc.constantFrom('CAFE', 'café', 'Cafe\u0301', 'CARTE-CADEAU', 'carte-cadeau', 'PAIN', 'X')
  const basketLine = fc.record({ sku: code, quantity: fc.integer({ min: 1, max: 12 }), unitPriceCents: fc.integer({ min: 0, max: 8000 }), category: fc.option(code, { nil: null }) })
  const anyBasket = fc.record({ lines: fc.array(basketLine, { maxLength: 6 }), adjustment: fc.integer({ min: -3000, max: 3000 }) }).map(({ lines, adjustment }) => ({
    totalCents: Math.max(1, lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) + adjustment),
    lines,
  }))
  const anyRules = fc.record({
    perEuro: fc.integer({ min: 1, max: 20 }),
    rateBp: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
    stamps: fc.boolean(),
  })
  const anyTier = fc.option(fc.integer({ min: 100, max: 1000 }).map((pct) => tier(pct)), { nil: null })

  test('for any basket, rules and tier: Σ explanation amounts per unit = what is earned; integers; the documented formulas', ({ assert }) => {
    fc.assert(
      fc.property(anyBasket, anyRules, anyTier, (basket, shape, level) => {
        const program = rules({ cashback: shape.rateBp === null ? null : { rate_bp: shape.rateBp, validity_months: null }, stamps: shape.stamps ? demoRules().stamps : null })
        program.points!.per_euro = shape.perEuro
        const earned = earnFor(program, basket, level)
        assert.deepEqual(explained(earned), { points: earned.points, stamps: earned.stamps, cashback: earned.cashbackCents })
        for (const figure of [earned.points, earned.stamps, earned.cashbackCents, earned.eligibleCents]) assert.isTrue(Number.isSafeInteger(figure) && figure >= 0)
        const excluded = basket.lines.filter((l) => sameCode(l.sku, 'CARTE-CADEAU') || (l.category !== null && sameCode(l.category, 'carte-cadeau'))).reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0)
        const eligible = Math.max(0, basket.totalCents - excluded)
        assert.equal(earned.eligibleCents, eligible)
        const base = Math.floor(eligible / 100) * shape.perEuro
        assert.equal(earned.points, Math.floor((base * (level?.multiplier_pct ?? 100)) / 100))
        assert.equal(earned.cashbackCents, shape.rateBp === null ? 0 : Math.floor((eligible * shape.rateBp) / 10_000))
      }),
      { numRuns: 500 }
    )
  })
})
