import { test } from '@japa/runner'
import { defaultRules, demoRules, type ProgramRules } from '#loyalty/program_rules'
import { validRules } from '#loyalty/save_program'
import { formOfProgram } from '#loyalty/admin/form_of_rules'
import { MAX_TIERS, readProgramForm, type ProgramForm } from '#loyalty/admin/program_form'
import { keyOf, rulesOfForm } from '#loyalty/admin/rules_of_form'

const formOf = (rules: ProgramRules, locale = 'fr') => formOfProgram({ name: 'P', storePublicId: null, enrolment: 'auto', status: 'active', rules }, locale)
const plainJson = (value: unknown) => JSON.parse(JSON.stringify(value))

/** Every mechanic on, with the figures the demo does not use: cashback, points tiers, a percentage voucher, pending points. */
function everything(): ProgramRules {
  const rules = demoRules()
  rules.points!.pending_days = 14
  rules.points!.validity_months = null
  rules.cashback = { rate_bp: 250, validity_months: 6 }
  rules.tiers = { basis: 'points_365d', levels: [{ key: 'membre', name: 'Membre', threshold: 0, multiplier_pct: 100 }, { key: 'tres-fidele', name: 'Très fidèle', threshold: 500, multiplier_pct: 175, perks: 'Café offert le lundi' }] }
  rules.automatic_rewards.push({ every_points: 250, voucher: { kind: 'percent', percent: 15, validity_days: 30 } })
  rules.stamps!.skus = ['THE-VERT', 'CHOCO']
  rules.stamps!.reward = { kind: 'product', product_label: 'Une boisson offerte', product_sku: 'BOISSON', validity_days: 90 }
  return rules
}

test.group('Loyalty admin: the programme form ↔ the rules JSON', () => {
  for (const [name, rules] of [['demo', demoRules()], ['default', defaultRules()], ['every mechanic', everything()]] as const) {
    for (const locale of ['fr', 'en']) {
      test(`the ${name} rules survive the form unchanged (${locale})`, async ({ assert }) => {
        const conversion = rulesOfForm(formOf(rules, locale))
        assert.deepEqual(conversion.problems, [])
        assert.deepEqual(plainJson(await validRules(conversion.rules)), plainJson(rules))
      })
    }
  }

  test('the form also survives a trip through the body parser (fields as strings, ticks as "1")', async ({ assert }) => {
    const form = formOf(everything())
    const posted = JSON.parse(JSON.stringify(form, (_key, value) => (value === true ? '1' : value === false ? undefined : value)))
    assert.deepEqual(readProgramForm(posted), form)
  })

  test('French figures become the stored integers', ({ assert }) => {
    const form = formOf(everything())
    form.points.per_euro = '2'
    form.points.point_value = '0,10'
    form.points.excluded_skus = 'CARTE-CADEAU, TIMBRE\nJOURNAL'
    form.cashback.rate = '2,75 %'
    form.tiers.basis = 'spend_365d'
    form.tiers.levels[1].threshold = '1 250,50'
    form.tiers.levels[1].multiplier = '1,25'
    form.automatic_rewards.rows[0].voucher.value = '7,50'
    const rules = rulesOfForm(form).rules as any
    assert.equal(rules.points.per_euro, 2)
    assert.equal(rules.points.point_value_cents, 10)
    assert.deepEqual(rules.points.excluded_skus, ['CARTE-CADEAU', 'TIMBRE', 'JOURNAL'])
    assert.equal(rules.cashback.rate_bp, 275)
    assert.equal(rules.tiers.levels[1].threshold, 125_050)
    assert.equal(rules.tiers.levels[1].multiplier_pct, 125)
    assert.equal(rules.automatic_rewards[0].voucher.value_cents, 750)
  })

  test('a mechanic switched off is null (or no automatic rewards), whatever its fields hold', ({ assert }) => {
    const form = formOf(everything())
    for (const mechanic of ['points', 'stamps', 'cashback', 'tiers', 'automatic_rewards'] as const) form[mechanic].enabled = false
    form.points.per_euro = 'n’importe quoi'
    const { rules, problems } = rulesOfForm(form)
    assert.deepEqual(problems, [])
    assert.deepEqual(rules, { points: null, stamps: null, cashback: null, tiers: null, automatic_rewards: [], refunds: { restore_redeemed: true } })
  })

  test('blank rows are ignored, and each rule row remembers the form row it came from', ({ assert }) => {
    const form = formOf(demoRules())
    const [bronze, argent, or] = form.tiers.levels
    form.tiers.levels = [bronze, blankTierRow(), blankTierRow(), argent, blankTierRow(), or, ...Array.from({ length: MAX_TIERS - 6 }, blankTierRow)]
    form.automatic_rewards.rows = [form.automatic_rewards.rows[1], form.automatic_rewards.rows[0], ...form.automatic_rewards.rows.slice(2)]
    const { rules, rows, problems } = rulesOfForm(form)
    assert.deepEqual(problems, [])
    assert.deepEqual((rules.tiers as any).levels.map((level: any) => level.key), ['bronze', 'argent', 'or'])
    assert.deepEqual(rows, { 'tiers.levels.0': 'tiers.levels.0', 'tiers.levels.1': 'tiers.levels.3', 'tiers.levels.2': 'tiers.levels.5', 'automatic_rewards.0': 'automatic_rewards.rows.1' })
  })

  test('a tier needs only a name: code from the name, first threshold 0, factor 1 when left blank', ({ assert }) => {
    const form = formOf(demoRules())
    form.tiers.levels[0] = { key: '', name: 'Très Fidèle', threshold: '', multiplier: '', perks: '' }
    const level = (rulesOfForm(form).rules.tiers as any).levels[0]
    assert.deepEqual(level, { key: 'tres-fidele', name: 'Très Fidèle', threshold: 0, multiplier_pct: 100, perks: undefined })
    assert.equal(keyOf('Or ★'), 'or')
    assert.equal(keyOf('★'), 'tier')
    assert.lengthOf(keyOf('x'.repeat(100)), 32)
  })

  const unreadable: Array<[string, (form: ProgramForm) => void, string, string]> = [
    ['points per euro in words', (form) => (form.points.per_euro = 'un'), 'points.per_euro', 'whole'],
    ['no points per euro', (form) => (form.points.per_euro = ''), 'points.per_euro', 'required'],
    ['a point value with three decimals', (form) => (form.points.point_value = '0,055'), 'points.point_value', 'euros'],
    ['a cashback rate in words', (form) => ((form.cashback.enabled = true), (form.cashback.rate = 'deux')), 'cashback.rate', 'rate'],
    ['a multiplier with a comma too many', (form) => (form.tiers.levels[1].multiplier = '1,2,5'), 'tiers.levels.1.multiplier', 'factor'],
    ['a tier without a name', (form) => (form.tiers.levels[2].name = ''), 'tiers.levels.2.name', 'required'],
    ['a second tier without a threshold', (form) => (form.tiers.levels[1].threshold = ''), 'tiers.levels.1.threshold', 'required'],
    ['tiers on, no tier', (form) => form.tiers.levels.forEach((level) => Object.assign(level, blankTierRow())), 'tiers.levels.0.name', 'tiers_empty'],
    ['an amount voucher without its amount', (form) => (form.automatic_rewards.rows[0].voucher.value = ''), 'automatic_rewards.rows.0.voucher.value', 'required'],
    ['a percentage voucher without its rate', (form) => (form.automatic_rewards.rows[0].voucher.kind = 'percent'), 'automatic_rewards.rows.0.voucher.percent', 'required'],
    ['a product voucher without its product', (form) => (form.stamps.reward.product_label = ' '), 'stamps.reward.product_label', 'required'],
    ['an unknown voucher kind', (form) => (form.stamps.reward.kind = 'gift'), 'stamps.reward.kind', 'choice'],
    ['an unknown tier basis', (form) => (form.tiers.basis = 'visits'), 'tiers.basis', 'choice'],
    ['a stamp card on nothing', (form) => ((form.stamps.categories = ' , '), (form.stamps.skus = '')), 'stamps.categories', 'stamps_target'],
    ['automatic rewards on, none given', (form) => form.automatic_rewards.rows.forEach((row) => Object.assign(row, { every_points: '', voucher: { ...row.voucher, value: '', validity_days: '', product_label: '', product_sku: '', percent: '' } })), 'automatic_rewards.rows.0.every_points', 'automatic_empty'],
  ]
  for (const [name, spoil, field, code] of unreadable) {
    test(`${name} is a problem on ${field}`, ({ assert }) => {
      const form = formOf(demoRules())
      spoil(form)
      assert.deepInclude(rulesOfForm(form).problems, { field, code })
    })
  }

  test('a hostile body reads as a blank form, never a crash', ({ assert }) => {
    for (const body of [null, 'x', 42, [], { name: ['a', 'b'], points: 'x', tiers: { levels: 'x' } }, { tiers: { enabled: '1', levels: { 999: { name: 'x' }, __proto__: { name: 'y' } } } }]) {
      const form = readProgramForm(body)
      assert.equal(form.name, '')
      assert.lengthOf(form.tiers.levels, MAX_TIERS)
      assert.isArray(rulesOfForm(form).problems)
    }
  })
})

function blankTierRow() {
  return { key: '', name: '', threshold: '', multiplier: '', perks: '' }
}
