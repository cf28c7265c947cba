import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Store from '#stores/models/store'
import type Customer from '#customers/models/customer'
import { dbInstant } from '#shared/db_time'
import { createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { deliverEverything } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

/** A store with a programme (1 point per euro), a till token and the API client. */
async function shop(client: any, name?: string) {
  const store = await createStore(name ? { name } : {})
  await createProgram(store)
  const { bearer } = await createPosToken(store)
  return { store, pos: posApi(client, bearer) }
}

async function animationEntries(customer: Customer, animationPublicId: string) {
  return db
    .from('ledger_entries as e')
    .join('loyalty_accounts as a', 'a.id', 'e.account_id')
    .where('a.customer_id', customer.id)
    .where('e.cause_type', 'animation')
    .where('e.cause_id', animationPublicId)
    .select('e.kind', 'e.amount', 'e.unit')
}

/** The latest past instant (at least two hours ago) with this weekday and wall-clock time in the zone. */
function lastLocal(weekday: number, time: string, zone = 'Europe/Paris') {
  const [hour, minute] = time.split(':').map(Number)
  let candidate = DateTime.now().setZone(zone).set({ hour, minute, second: 0, millisecond: 0 })
  while (candidate.weekday !== weekday || candidate > DateTime.now().minus({ hours: 2 })) candidate = candidate.minus({ days: 1 })
  return candidate
}

test.group('Animations: referral', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('the invitation after the Nth visit names the referral code; the referee\'s first purchase rewards both, once', async ({ client, assert }) => {
    const { store, pos } = await shop(client, 'Chez Parrain')
    const animation = await createAnimation(store, 'referral', { params: { invite_after_visits: 2, min_basket_cents: 10_00, max_per_year: 10 } })
    const referrer = await customerWith(store)
    ;(await pos.purchase({ customer_id: referrer.publicId, total_cents: 500 })).assertStatus(201)
    ;(await pos.purchase({ customer_id: referrer.publicId, total_cents: 500 })).assertStatus(201)
    await deliverEverything()
    const [invite] = mailsTo(referrer.email!)
    assert.equal(invite.parsed.subject, 'Parrainez vos proches — Chez Parrain')
    assert.include(invite.parsed.text!, referrer.referralCode)
    assert.include(invite.parsed.text!, '100 points')
    assert.lengthOf(await animationEntries(referrer, animation.publicId), 0)

    const enrolled = await pos.enrol({ email: `filleul-${referrer.referralCode.toLowerCase()}@example.com`, first_name: 'Paul', referral_code: referrer.referralCode.toLowerCase(), consents: { email_marketing: true } })
    enrolled.assertStatus(201)
    const referee = (await db.from('customers').where('public_id', enrolled.body().id).first())!
    assert.equal(referee.referred_by_id, referrer.id)
    ;(await pos.purchase({ customer_id: referee.public_id, total_cents: 12_00 })).assertStatus(201)
    ;(await pos.purchase({ customer_id: referee.public_id, total_cents: 15_00 })).assertStatus(201)
    await deliverEverything()
    assert.deepEqual((await animationEntries(referrer, animation.publicId)).map((entry) => Number(entry.amount)), [100])
    // The referee's gift, then (second visit) their own invitation to refer friends.
    const refereeMails = mailsTo(referee.email)
    assert.sameMembers(refereeMails.map((mail) => mail.parsed.subject), ['Votre cadeau de filleul — Chez Parrain', 'Parrainez vos proches — Chez Parrain'])
    assert.include(refereeMails.find((mail) => mail.parsed.subject!.startsWith('Votre cadeau'))!.parsed.text!, '100 points de bienvenue')
    const thanks = mailsTo(referrer.email!).filter((mail) => mail.parsed.subject!.includes('Merci pour votre parrainage'))
    assert.lengthOf(thanks, 1)
    assert.notInclude(thanks[0].parsed.text!, 'Paul')
  })

  test('a first purchase below the minimum rewards nobody; the referrer is capped per year, the referee is not', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    const animation = await createAnimation(store, 'referral', { params: { invite_after_visits: 0, min_basket_cents: 20_00, max_per_year: 1 } })
    const referrer = await customerWith(store)
    const referee = async () => {
      const response = await pos.enrol({ phone: `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, referral_code: referrer.referralCode })
      response.assertStatus(201)
      return (await db.from('customers').where('public_id', response.body().id).first())!
    }
    const small = await referee()
    ;(await pos.purchase({ customer_id: small.public_id, total_cents: 19_99 })).assertStatus(201)
    ;(await pos.purchase({ customer_id: small.public_id, total_cents: 50_00 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await db.from('firings').where('source_id', animation.id), 0)

    const first = await referee()
    const second = await referee()
    ;(await pos.purchase({ customer_id: first.public_id, total_cents: 25_00 })).assertStatus(201)
    ;(await pos.purchase({ customer_id: second.public_id, total_cents: 25_00 })).assertStatus(201)
    await deliverEverything()
    const firings = await db.from('firings').where('source_id', animation.id).where('source_type', 'animation').orderBy('id').select('customer_id', 'occurrence_key')
    assert.sameDeepMembers(
      firings.map((firing) => `${firing.customer_id}:${firing.occurrence_key.split(':').slice(0, 2).join(':')}`),
      [`${first.id}:referral:referee`, `${referrer.id}:referral:referrer`, `${second.id}:referral:referee`]
    )
  })

  test('an unknown referral code is a 422 on the API and at the till, and nobody is enrolled', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    await createAnimation(store, 'referral')
    const email = `unknown-code-${Date.now()}@example.com`
    const response = await pos.enrol({ email, referral_code: 'ZZZZZZZZ' })
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'referral_code')
    const hostile = await pos.enrol({ email, referral_code: "' OR 1=1 --" })
    hostile.assertStatus(422)
    assert.isNull(await db.from('customers').where('email', email).first())
  })
})

test.group('Animations: happy hour', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('the first purchase of the slot earns the multiplier and the bonus, once per slot; outside the slot nothing', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    const animation = await createAnimation(store, 'happy_hour', { params: { weekdays: [2], starts_at: '15:00', ends_at: '17:00', multiplier_pct: 200, bonus_points: 5, heads_up: 'no', send_at: '11:00' } })
    const customer = await customerWith(store)
    const tuesday = lastLocal(2, '15:30')
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 12_50, occurred_at: tuesday.toISO() })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 30_00, occurred_at: tuesday.plus({ minutes: 20 }).toISO() })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_00, occurred_at: tuesday.set({ hour: 17, minute: 0 }).toISO() })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_00, occurred_at: tuesday.minus({ days: 1 }).toISO() })).assertStatus(201)
    await deliverEverything()
    // 12 points earned on 12,50 €: 12 more with × 2, plus the bonus of 5.
    assert.deepEqual((await animationEntries(customer, animation.publicId)).map((entry) => [entry.kind, entry.unit, Number(entry.amount)]), [['bonus', 'points', 17]])
    assert.lengthOf(await deliveriesOf(customer.id), 0)
    assert.lengthOf(mailsTo(customer.email!), 0)
    const [firing] = await db.from('firings').where('source_id', animation.id).where('customer_id', customer.id)
    assert.equal(firing.occurrence_key, `happy_hour:${tuesday.toISODate()}`)
  })

  test('the heads-up goes on the days of the slot only, at its time, to customers who accepted messages', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'happy_hour', { params: { weekdays: [2, 4], starts_at: '16:00', ends_at: '18:00', multiplier_pct: 150, bonus_points: 0, heads_up: 'yes', send_at: '11:00' } })
    const customer = await customerWith(store)
    const silent = await customerWith(store, { consents: {} })
    await tickAndSend('2026-10-26T10:00:00Z') // Monday 11:00 in Paris (winter time since the 25th)
    assert.lengthOf(mailsTo(customer.email!), 0)
    await tickAndSend('2026-10-27T10:00:00Z') // Tuesday 11:00
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.text!, 'de 16:00–18:00')
    assert.include(mail.parsed.text!, '× 1,5')
    assert.lengthOf(await deliveriesOf(silent.id), 0)
    await tickAndSend('2026-10-27T10:05:00Z')
    assert.lengthOf(mailsTo(customer.email!), 1)
  })
})

test.group('Animations: birthday booster', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('purchases in the window around the birthday earn the multiplier, each once; outside they do not', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    const animation = await createAnimation(store, 'birthday_booster', { params: { days_before: 2, days_after: 1, multiplier_pct: 300, send_at: '10:00' } })
    const birthday = DateTime.now().setZone('Europe/Paris').minus({ days: 20 }).startOf('day')
    const customer = await customerWith(store, { birthDay: birthday.day, birthMonth: birthday.month })
    const at = (day: DateTime) => day.set({ hour: 12 }).toISO()
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_00, occurred_at: at(birthday.minus({ days: 3 })) })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_00, occurred_at: at(birthday.minus({ days: 2 })) })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 20_00, occurred_at: at(birthday.plus({ days: 1 })) })).assertStatus(201)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_00, occurred_at: at(birthday.plus({ days: 2 })) })).assertStatus(201)
    await deliverEverything()
    assert.sameMembers((await animationEntries(customer, animation.publicId)).map((entry) => Number(entry.amount)), [20, 40])
    assert.lengthOf(await deliveriesOf(customer.id), 0)
  })

  test('the announcement goes when the window opens; born on 29 February: 28 February in a common year', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday_booster', { params: { days_before: 3, days_after: 3, multiplier_pct: 200, send_at: '10:00' } })
    const leap = await customerWith(store, { birthDay: 29, birthMonth: 2 })
    await tickAndSend('2026-02-24T09:00:00Z')
    assert.lengthOf(mailsTo(leap.email!), 0)
    await tickAndSend('2026-02-25T09:00:00Z') // 28 February − 3 days, 10:00 in Paris
    const [mail] = mailsTo(leap.email!)
    assert.include(mail.parsed.text!, "jusqu'au 3 mars 2026")
    assert.include(mail.parsed.text!, '× 2')
    const [delivery] = await deliveriesOf(leap.id)
    assert.equal(delivery.occurrence_key, 'booster_notice:2026')
  })
})

test.group('Animations: behaviour rules', (group) => {
  group.each.setup(() => sendAtAnyHour())

  const coffee = (cents: number) => [{ sku: 'CAFE', name: 'Café', quantity: 1, unit_price_cents: cents, category: 'Café' }]

  test('a category bought k times in d days rewards once, then not again within the period', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    const animation = await createAnimation(store, 'behaviour_rule', { params: { condition: 'category_count', category: 'café', count: 3, period_days: 30, min_basket_cents: 0 } })
    const customer = await customerWith(store)
    for (let i = 0; i < 5; i++) {
      ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 250, lines: coffee(250) })).assertStatus(201)
      if (i === 1) {
        await deliverEverything()
        assert.lengthOf(await animationEntries(customer, animation.publicId), 0)
      }
    }
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 900, lines: [{ sku: 'SAND', name: 'Sandwich', quantity: 1, unit_price_cents: 900, category: 'salé' }] })).assertStatus(201)
    await deliverEverything()
    assert.deepEqual((await animationEntries(customer, animation.publicId)).map((entry) => Number(entry.amount)), [50])
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.text!, '50 points')
  })

  test('a basket above X rewards, at most once per period', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    const animation = await createAnimation(store, 'behaviour_rule', { params: { condition: 'basket', category: '', count: 1, period_days: 7, min_basket_cents: 40_00 } })
    const customer = await customerWith(store)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 39_99 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await animationEntries(customer, animation.publicId), 0)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 45_00 })).assertStatus(201)
    await deliverEverything()
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 60_00 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await animationEntries(customer, animation.publicId), 1)
  })

  test('a first visit to another store rewards once per store, never in the store of enrolment', async ({ client, assert }) => {
    const home = await shop(client)
    const other = await shop(client)
    const animation = await createAnimation(home.store, 'behaviour_rule', { params: { condition: 'other_store', category: '', count: 1, period_days: 30, min_basket_cents: 0 } })
    // For every store (tests share the database: paused again at the end).
    await db.from('animations').where('id', animation.id).update({ store_id: null })
    try {
      const customer = await customerWith(home.store)
      ;(await home.pos.purchase({ customer_id: customer.publicId, total_cents: 10_00 })).assertStatus(201)
      ;(await other.pos.purchase({ customer_id: customer.publicId, total_cents: 10_00 })).assertStatus(201)
      ;(await other.pos.purchase({ customer_id: customer.publicId, total_cents: 10_00 })).assertStatus(201)
      await deliverEverything()
      const firings = await db.from('firings').where('source_id', animation.id).where('source_type', 'animation').select('occurrence_key')
      assert.deepEqual(firings.map((firing) => firing.occurrence_key), [`behaviour:store:${other.store.id}`])
    } finally {
      await db.from('animations').where('id', animation.id).update({ status: 'paused' })
    }
  })
})

test.group('Animations: enrolment reminder', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('N days after enrolment, only customers whose profile is incomplete, once', async ({ assert }) => {
    const store: Store = await createStore()
    await createAnimation(store, 'enrolment_reminder', { params: { after_days: 3, send_at: '11:00' } })
    const incomplete = await customerWith(store, { firstName: 'Léa' })
    const complete = await customerWith(store, { firstName: 'Tom', birthDay: 4, birthMonth: 5 })
    // Yesterday's pass (a past instant, so its messages are due now): enrolled three days before it.
    const yesterday = DateTime.now().setZone('Europe/Paris').startOf('day').minus({ days: 1 })
    const enrolled = yesterday.minus({ days: 3 }).set({ hour: 9 }).toJSDate()
    await db.from('customers').whereIn('id', [incomplete.id, complete.id]).update({ created_at: dbInstant(enrolled, db.connection().dialect.name) })
    const at = yesterday.set({ hour: 11, minute: 1 }).toUTC().toISO()!
    await tickAndSend(at)
    await tickAndSend(at)
    const mails = mailsTo(incomplete.email!)
    assert.lengthOf(mails, 1)
    assert.include(mails[0].parsed.text!, "date d'anniversaire")
    assert.lengthOf(mailsTo(complete.email!), 0)
  })
})
