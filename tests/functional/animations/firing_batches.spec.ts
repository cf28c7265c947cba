import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { runDailyPasses } from '#animations/triggers/daily_pass'
import { fireOccurrences } from '#animations/fire'
import { activeAnimations } from '#animations/active_animations'
import { createProgram, createStore } from '#tests/helpers/factories'
import { drainQueue } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { QUEUES } from '#shared/queue'
import { createAnimation, customerWith, sendAtAnyHour } from './animation_helpers.js'

/*
 * A pass fires its customers by batches (several statements for a whole
 * batch, two batches at once). These prove that batching keeps the
 * guarantees when the same occurrences are fired twice at once.
 */
test.group('Animations: firing by batches', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('the same day passed twice at once (marks lost): one firing, one voucher, one message per customer, over several batches', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store)
    const animation = await createAnimation(store, 'birthday', { params: { send_at: '09:00' } })
    const customers = []
    for (let i = 0; i < 270; i++) customers.push(await customerWith(store, { birthDay: 3, birthMonth: 9 }))
    const at = new Date('2026-09-03T08:00:00Z')
    const [first, second] = await Promise.all([runDailyPasses(at), runDailyPasses(at)])
    const ours = (reports: typeof first) => reports.filter((report) => report.animation === animation.name)
    const fired = [...ours(first), ...ours(second)].reduce((sum, report) => sum + report.fired, 0)
    const already = [...ours(first), ...ours(second)].reduce((sum, report) => sum + report.alreadyFired, 0)
    assert.equal(fired, 270)
    assert.equal(already, 270)
    // Marks lost: the day again.
    await db.from('scheduler_marks').where('name', 'like', `animation:${animation.id}:%`).delete()
    const third = ours(await runDailyPasses(at))
    assert.include(third[0], { fired: 0, alreadyFired: 270, deliveries: 0 })

    const ids = customers.map((customer) => customer.id)
    const firings = await db.from('firings').where('source_type', 'animation').where('source_id', animation.id).select('customer_id', 'voucher_id')
    assert.lengthOf(firings, 270)
    assert.sameMembers(firings.map((row) => Number(row.customer_id)), ids)
    const vouchers = await db.from('vouchers').whereIn('customer_id', ids).where('source', 'animation').select('id')
    assert.lengthOf(vouchers, 270)
    // Each firing names its own voucher: the one its message gives.
    assert.sameMembers(firings.map((row) => Number(row.voucher_id)), vouchers.map((row) => Number(row.id)))
    const deliveries = await db.from('deliveries').whereIn('customer_id', ids).count('* as total')
    assert.equal(Number(deliveries[0].total), 270)
    await drainQueue(QUEUES.messages)
    for (const customer of customers.slice(0, 5)) assert.lengthOf(mailsTo(customer.email!), 1)
  })

  test('an occurrence listed twice in one batch is rewarded once: its points go through the ledger once', async ({ assert }) => {
    const store = await createStore()
    const program = await createProgram(store)
    const animation = await createAnimation(store, 'birthday', { reward: { type: 'points', points: 25, program_id: program.publicId } }, PRESETS.birthday_before.texts)
    const customer = await customerWith(store, { birthDay: 5, birthMonth: 9 })
    const [source] = (await activeAnimations(['birthday'], store.id)).filter((candidate) => candidate.id === animation.id)
    const occurrence = { customerId: customer.id, customerStoreId: store.id, key: 'birthday:2026', dueAt: new Date() }
    const result = await fireOccurrences(source, [occurrence, occurrence])
    assert.deepInclude(result, { fired: 1, alreadyFired: 1 })
    const entries = await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.customer_id', customer.id).where('e.kind', 'bonus').select('e.amount')
    assert.deepEqual(entries.map((entry) => Number(entry.amount)), [25])
  })

  test('bonus points of an occurrence fired twice at once go through the ledger once', async ({ assert }) => {
    const store = await createStore()
    const program = await createProgram(store)
    // Texts without the voucher's fields: this reward gives points.
    const animation = await createAnimation(store, 'birthday', { reward: { type: 'points', points: 40, program_id: program.publicId } }, PRESETS.birthday_before.texts)
    const customers = []
    for (let i = 0; i < 3; i++) customers.push(await customerWith(store, { birthDay: 4, birthMonth: 9 }))
    const [source] = (await activeAnimations(['birthday'], store.id)).filter((candidate) => candidate.id === animation.id)
    const occurrences = customers.map((customer) => ({ customerId: customer.id, customerStoreId: store.id, key: 'birthday:2026', dueAt: new Date() }))
    const results = await Promise.all([fireOccurrences(source, occurrences), fireOccurrences(source, occurrences), fireOccurrences(source, [...occurrences, ...occurrences])])
    assert.equal(results.reduce((sum, result) => sum + result.fired, 0), 3)
    assert.equal(results.reduce((sum, result) => sum + result.alreadyFired, 0), 9)
    for (const customer of customers) {
      const entries = await db
        .from('ledger_entries as e')
        .join('loyalty_accounts as a', 'a.id', 'e.account_id')
        .where('a.customer_id', customer.id)
        .where('e.kind', 'bonus')
        .select('e.amount')
      assert.deepEqual(entries.map((entry) => Number(entry.amount)), [40])
      const account = await db.from('loyalty_accounts').where('customer_id', customer.id).firstOrFail()
      assert.equal(Number(account.points), 40)
      const firing = await db.from('firings').where('customer_id', customer.id).where('source_id', animation.id).firstOrFail()
      assert.equal(Number(firing.points_awarded), 40)
    }
  })
})
