import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { defaultRules, demoRules, type ProgramRules } from '#loyalty/program_rules'
import { programSummary } from '#loyalty/admin/program_summary'
import { programExample } from '#loyalty/admin/program_example'
import { basketLinesOf, linesTotal } from '#loyalty/admin/basket_form'
import { FormReader } from '#loyalty/admin/form_reader'
import { sampleBasket } from '#loyalty/admin/form_of_rules'

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')
const summary = (rules: ProgramRules, locale: string) => plain(programSummary(rules, i18nManager.locale(locale)))

function sample() {
  const lines = basketLinesOf(sampleBasket(), 'example.lines', new FormReader())
  return { totalCents: linesTotal(lines), lines }
}

test.group('Loyalty admin: a programme in plain words', (group) => {
  group.setup(() => i18nManager.loadTranslations())

  test('the demo programme reads as the owner would say it', ({ assert }) => {
    assert.equal(
      summary(demoRules(), 'fr'),
      '1 point par euro entier, hors « carte-cadeau » ; tous les 100 points un bon de 5 € valable 60 jours ; carte de 9 tampons sur « café », puis un bon « Un café offert » valable 60 jours ; ' +
        'statuts Bronze / Argent dès 300 € (points × 1,25) / Or dès 800 € (points × 1,5) sur 365 jours glissants ; points valables 12 mois'
    )
    assert.equal(
      summary(demoRules(), 'en'),
      '1 point per whole euro, except “carte-cadeau”; every 100 points a €5 voucher valid 60 days; a 9-stamp card on “café”, then a “Un café offert” voucher valid 60 days; ' +
        'tiers Bronze / Argent from €300 (points × 1.25) / Or from €800 (points × 1.5) over a rolling 365 days; points valid 12 months'
    )
  })

  test('cashback, tiers by points, pending points, percentages and several codes', ({ assert }) => {
    const rules: ProgramRules = {
      ...defaultRules(),
      points: { per_euro: 2, excluded_skus: ['TIMBRE', 'JOURNAL'], excluded_categories: [], validity_months: null, pending_days: 14, point_value_cents: 5 },
      cashback: { rate_bp: 250, validity_months: 6 },
      tiers: { basis: 'points_365d', levels: [{ key: 'a', name: 'Membre', threshold: 0, multiplier_pct: 100 }, { key: 'b', name: 'VIP', threshold: 1000, multiplier_pct: 100 }] },
      automatic_rewards: [{ every_points: 200, voucher: { kind: 'percent', percent: 10, validity_days: 1 } }],
    }
    assert.equal(
      summary(rules, 'fr'),
      "2 points par euro entier, hors « TIMBRE » et « JOURNAL », utilisables 14 jours après l'achat ; tous les 200 points un bon de 10 % de remise valable 1 jour ; cagnotte de 2,5 % des achats ; " +
        'statuts Membre / VIP dès 1 000 points selon les points gagnés sur 365 jours glissants ; points sans expiration ; cagnotte valable 6 mois'
    )
  })

  test('a programme with nothing on says so', ({ assert }) => {
    const nothing: ProgramRules = { ...defaultRules(), points: null }
    assert.equal(summary(nothing, 'fr'), 'aucune mécanique active')
    assert.equal(summary(nothing, 'en'), 'no mechanic on')
  })
})

test.group('Loyalty admin: the live example', (group) => {
  group.setup(() => i18nManager.loadTranslations())

  test('the sample basket under the demo rules: the gift card excluded, 6 points, 2 stamps', ({ assert }) => {
    const example = programExample(demoRules(), sample(), 'bronze', i18nManager.locale('fr'))
    assert.deepEqual(
      example.lines.map(plain),
      ["CARTE-CADEAU n'ouvre pas droit aux points (20,00 €)", '6,20 € éligibles → 6 euros entiers × 1 pt/€ = 6 points', 'CAFE : +2 tampons']
    )
    assert.equal(plain(example.total), '26,20 €')
    assert.equal(plain(example.eligible), '6,20 €')
    assert.deepEqual(example.earned, [{ unit: 'points', amount: '+6 points' }, { unit: 'stamps', amount: '+2 tampons' }])
  })

  test('the tier chosen applies its multiplier; an unknown tier falls back to the entry one', ({ assert }) => {
    const i18n = i18nManager.locale('en')
    const argent = programExample(demoRules(), sample(), 'argent', i18n)
    assert.equal(argent.tier, 'Argent')
    assert.include(argent.lines.map(plain), 'Tier Argent: × 1.25 → +1 point')
    assert.deepEqual(argent.earned[0], { unit: 'points', amount: '+7 points' })
    assert.equal(programExample(demoRules(), sample(), 'nope', i18n).tier, 'Bronze')
  })

  test('basket lines: blank rows skipped, quantity 1 by default, bad figures are problems', ({ assert }) => {
    const reader = new FormReader()
    const lines = basketLinesOf(
      [
        { quantity: '', name: 'Thé', sku: '', category: '', unit_price: '3' },
        { quantity: '', name: '', sku: '', category: '', unit_price: '' },
        { quantity: '0', name: 'X', sku: '', category: '', unit_price: 'trois' },
        { quantity: '2', name: '', sku: '', category: '', unit_price: '1' },
      ],
      'lines',
      reader
    )
    assert.deepEqual(lines, [{ sku: 'Thé', quantity: 1, unitPriceCents: 300, category: null }])
    assert.sameDeepMembers(reader.problems, [
      { field: 'lines.2.unit_price', code: 'euros' },
      { field: 'lines.2.quantity', code: 'range', params: { min: '1', max: '999' } },
      { field: 'lines.3.sku', code: 'line_label' },
    ])
  })
})
