import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { defaultRules } from '#loyalty/program_rules'
import { joinProgram } from '#loyalty/program_membership'
import { createCustomer, createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'

test.group('Loyalty: several programmes side by side', () => {
  test('a member of the shop programme and of a manual student programme earns in both, each by its own rules', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const student = await createProgram(store, { ...defaultRules(), points: { ...defaultRules().points!, per_euro: 2 } }, { name: 'Étudiants', enrolment: 'manual' })
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const member = await createCustomer(store)
    const other = await createCustomer(store)
    assert.isTrue((await joinProgram(member, student, null)).joined)
    assert.isFalse((await joinProgram(member, student, null)).joined, 'joining twice changes nothing')

    const sale = (await pos.purchase({ card: member.cardCode, total_cents: 1250 })).body()
    assert.lengthOf(sale.programs, 2)
    assert.deepEqual(sale.earned, { points: 12, stamps: 0, cashback_cents: 0 }, 'the first programme is the shop one')
    const studentOutcome = sale.programs.find((program: any) => program.name === 'Étudiants')
    assert.equal(studentOutcome.earned.points, 24)

    const outsider = (await pos.purchase({ card: other.cardCode, total_cents: 1250 })).body()
    assert.lengthOf(outsider.programs, 1, 'a manual programme only counts its members')
    const accounts = await db.from('loyalty_accounts').where('customer_id', other.id)
    assert.lengthOf(accounts, 1)
  })

  test('a paused programme earns nothing; a programme of another store neither', async ({ client, assert }) => {
    const store = await createStore()
    const elsewhere = await createStore()
    await createProgram(store, defaultRules(), { status: 'paused' })
    await createProgram(elsewhere)
    const { bearer } = await createPosToken(store)
    const customer = await createCustomer(store)
    const sale = (await posApi(client, bearer).purchase({ card: customer.cardCode, total_cents: 5000 })).body()
    assert.deepEqual(sale.programs, [])
    assert.deepEqual(sale.earned, { points: 0, stamps: 0, cashback_cents: 0 })
  })
})
