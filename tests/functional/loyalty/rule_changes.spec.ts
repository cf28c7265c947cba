import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { demoRules } from '#loyalty/program_rules'
import { saveProgram } from '#loyalty/save_program'
import { createCustomer, createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'

/** R34: a rule change applies to what is earned after it; lots keep their expiry, vouchers their terms. */
test.group('Loyalty: changing the rules never rewrites the past', () => {
  test('validity 12 → 24 months and voucher 5 € → 8 €: earlier lots and vouchers keep theirs, new ones get the new terms', async ({ client, assert }) => {
    const store = await createStore()
    const program = await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const customer = await createCustomer(store)
    const before = (await pos.purchase({ card: customer.cardCode, total_cents: 10_500 })).body()
    assert.lengthOf(before.rewards_issued, 1)
    const [account] = await db.from('loyalty_accounts').where('customer_id', customer.id)
    const oldLot = await db.from('ledger_entries').where('account_id', account.id).where('kind', 'earn').first()

    const versionBefore = program.rulesVersion
    const rules = demoRules()
    rules.points!.validity_months = 24
    rules.automatic_rewards[0].voucher.value_cents = 800
    const changed = await saveProgram({ name: program.name, enrolment: 'auto', status: 'active', storeId: store.id, rules }, null, program)
    assert.equal(changed.rulesVersion, versionBefore + 1)

    const after = (await pos.purchase({ card: customer.cardCode, total_cents: 9_600 })).body()
    assert.lengthOf(after.rewards_issued, 1)
    assert.equal(after.rewards_issued[0].value_cents, 800)
    const vouchers = await db.from('vouchers').where('customer_id', customer.id).orderBy('id')
    assert.deepEqual(vouchers.map((voucher) => Number(voucher.value_cents)), [500, 800])
    assert.equal(JSON.parse(vouchers[0].terms).value_cents, 500)

    const oldLotNow = await db.from('ledger_entries').where('id', oldLot.id).first()
    assert.equal(String(oldLotNow.expires_at), String(oldLot.expires_at), 'the earlier lot keeps its expiry')
    const newLot = await db.from('ledger_entries').where('account_id', account.id).where('kind', 'earn').orderBy('id', 'desc').first()
    const months = (new Date(newLot.expires_at).getTime() - new Date(oldLot.expires_at).getTime()) / (30.44 * 86_400_000)
    assert.approximately(months, 12, 0.5, 'the new lot is valid 24 months, 12 more than the old one')
    assert.equal(Number(newLot.rules_version), changed.rulesVersion)
    assert.equal(Number(oldLot.rules_version), versionBefore)
  })

  test('invalid rules are refused field by field and change nothing', async ({ assert }) => {
    const store = await createStore()
    const program = await createProgram(store)
    const versionBefore = program.rulesVersion
    const cases: Array<[string, (rules: any) => void]> = [
      ['tiers.levels.0.threshold', (rules) => (rules.tiers.levels[0].threshold = 100)],
      ['tiers.levels.2.threshold', (rules) => (rules.tiers.levels[2].threshold = 1)],
      ['automatic_rewards.0.voucher', (rules) => delete rules.automatic_rewards[0].voucher.value_cents],
      ['points.per_euro', (rules) => (rules.points.per_euro = 1.5)],
      ['points.per_euro', (rules) => (rules.points.per_euro = '1')],
      ['stamps.goal', (rules) => (rules.stamps.goal = 0)],
    ]
    for (const [field, spoil] of cases) {
      const rules: any = demoRules()
      spoil(rules)
      const error = await saveProgram({ name: program.name, enrolment: 'auto', status: 'active', storeId: store.id, rules }, null, program).catch((caught) => caught)
      assert.equal(error?.status, 422, field)
      assert.include(JSON.stringify(error.messages ?? error), field.split('.')[0], field)
    }
    const stored = await db.from('loyalty_programs').where('id', program.id).first()
    assert.equal(Number(stored.rules_version), versionBefore)
  })
})
