import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { demoRules } from '#loyalty/program_rules'
import { formOfProgram } from '#loyalty/admin/form_of_rules'
import { formFieldPaths } from '#loyalty/admin/program_form'
import { fieldLabel } from '#loyalty/admin/field_labels'
import { readSimulatorForm } from '#loyalty/admin/simulation'
import { rewardValues } from '#loyalty/admin/reward_list'

/** The error summary names the field of each error: every field of every form has a label, in both languages. */
test.group('Loyalty admin: field labels for the error summary', (group) => {
  group.setup(() => i18nManager.loadTranslations())

  for (const locale of ['fr', 'en']) {
    test(`every field of the programme, reward and simulator forms has a label (${locale})`, ({ assert }) => {
      const i18n = i18nManager.locale(locale)
      const form = formOfProgram({ name: 'P', storePublicId: null, enrolment: 'auto', status: 'active', rules: demoRules() }, locale)
      for (const path of formFieldPaths(form)) assert.isString(fieldLabel(path, 'program', i18n), path)
      const reward = [...Object.keys(rewardValues(null, locale)), 'name', 'description', 'value', 'percent', 'product_sku', 'cost_points', 'stock', 'per_customer_limit']
      for (const path of reward) assert.isString(fieldLabel(path, 'reward', i18n), path)
      for (const path of formFieldPaths(readSimulatorForm({}) as any)) assert.isString(fieldLabel(path, 'simulator', i18n), path)
    })
  }

  test('rows are numbered from 1 and say which field', ({ assert }) => {
    const i18n = i18nManager.locale('fr')
    assert.equal(fieldLabel('tiers.levels.2.threshold', 'program', i18n), 'Statut 3 · Dès')
    assert.equal(fieldLabel('automatic_rewards.rows.0.voucher.value', 'program', i18n), 'Récompense 1 · Montant')
    assert.equal(fieldLabel('stamps.reward.product_label', 'program', i18n), 'Ce que donne une carte pleine · Produit offert')
    assert.equal(fieldLabel('example.lines.4.unit_price', 'program', i18n), 'Prix unitaire en euros, ligne 5')
    assert.equal(fieldLabel('lines.0.quantity', 'simulator', i18n), 'Quantité, ligne 1')
    assert.isNull(fieldLabel('_form', 'program', i18n))
  })
})
