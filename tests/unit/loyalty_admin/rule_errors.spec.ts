import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { demoRules } from '#loyalty/program_rules'
import { formOfProgram } from '#loyalty/admin/form_of_rules'
import { checkRules } from '#loyalty/admin/program_check'
import type { ProgramForm } from '#loyalty/admin/program_form'
import { fieldErrorsOf } from '#loyalty/admin/messages'

const formOf = () => formOfProgram({ name: 'P', storePublicId: null, enrolment: 'auto', status: 'active', rules: demoRules() }, 'fr')
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

/** validRules() judges; its findings come back on the form field the owner typed, in the units typed. */
test.group('Loyalty admin: validRules errors on the form', (group) => {
  group.setup(() => i18nManager.loadTranslations())

  const cases: Array<[string, (form: ProgramForm) => void, string, string, Record<string, string>?]> = [
    ['too many points per euro', (form) => (form.points.per_euro = '5000'), 'points.per_euro', 'range', { min: '1', max: '1 000' }],
    ['a point worth nothing', (form) => (form.points.point_value = '0'), 'points.point_value', 'range', { min: '0,01 €', max: '100,00 €' }],
    ['a cashback of 80 %', (form) => ((form.cashback.enabled = true), (form.cashback.rate = '80')), 'cashback.rate', 'range', { min: '0,01 %', max: '50 %' }],
    ['a multiplier under 1', (form) => (form.tiers.levels[1].multiplier = '0,5'), 'tiers.levels.1.multiplier', 'range', { min: '1', max: '10' }],
    ['a voucher of 200 000 €', (form) => (form.automatic_rewards.rows[0].voucher.value = '200000'), 'automatic_rewards.rows.0.voucher.value', 'range', { min: '0,01 €', max: '100 000,00 €' }],
    ['a first tier above 0', (form) => (form.tiers.levels[0].threshold = '10'), 'tiers.levels.0.threshold', 'tier_first_zero'],
    ['thresholds going down', (form) => (form.tiers.levels[2].threshold = '100'), 'tiers.levels.2.threshold', 'tier_ascending'],
    ['two tiers of one code', (form) => (form.tiers.levels[2].key = 'argent'), 'tiers.levels.2.key', 'tier_key_unique'],
    ['a code with capitals and signs', (form) => (form.tiers.levels[2].key = 'Or!'), 'tiers.levels.2.key', 'key_format'],
    ['automatic rewards without points', (form) => (form.points.enabled = false), 'automatic_rewards.enabled', 'automatic_needs_points'],
    ['a stamp card of one stamp', (form) => (form.stamps.goal = '1'), 'stamps.goal', 'range', { min: '2', max: '100' }],
    ['an excluded code of 65 characters', (form) => (form.points.excluded_skus = 'A'.repeat(65)), 'points.excluded_skus', 'list_item_length'],
    ['501 excluded codes', (form) => (form.points.excluded_skus = Array.from({ length: 501 }, (_, i) => `SKU${i}`).join('\n')), 'points.excluded_skus', 'list_length'],
    ['a tier name of 41 characters', (form) => (form.tiers.levels[1].name = 'N'.repeat(41)), 'tiers.levels.1.name', 'max_length'],
  ]
  for (const [name, spoil, field, code, params] of cases) {
    test(`${name}: ${code} on ${field}`, async ({ assert }) => {
      const form = formOf()
      spoil(form)
      const { rules, problems } = await checkRules(form, 'fr')
      assert.isNull(rules)
      const problem = problems.find((candidate) => candidate.field === field)
      assert.exists(problem, JSON.stringify(problems))
      assert.equal(problem!.code, code)
      if (params) assert.deepEqual(Object.fromEntries(Object.entries(problem!.params ?? {}).map(([key, value]) => [key, plain(String(value))])), params)
    })
  }

  test('a threshold error lands on the form row typed, blank rows in between', async ({ assert }) => {
    const form = formOf()
    const argent = form.tiers.levels[1]
    form.tiers.levels[1] = { key: '', name: '', threshold: '', multiplier: '', perks: '' }
    form.tiers.levels[4] = { ...argent, threshold: '0' }
    const { problems } = await checkRules(form, 'fr')
    assert.deepInclude(problems, { field: 'tiers.levels.4.threshold', code: 'tier_ascending' })
  })

  test('every message reads in French and English with its figures', async ({ assert }) => {
    const problems = []
    for (const [, spoil] of cases) {
      const form = formOf()
      spoil(form)
      problems.push(...(await checkRules(form, 'fr')).problems)
    }
    for (const locale of ['fr', 'en']) {
      const i18n = i18nManager.locale(locale)
      const messages = Object.values(fieldErrorsOf(problems, i18n)).flat()
      assert.lengthOf(messages, problems.length)
      for (const message of messages) assert.notEqual(message, i18n.t('programs.validation.invalid'), message)
    }
  })
})
