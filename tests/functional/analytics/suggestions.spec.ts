import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Reward from '#loyalty/models/reward'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import type Store from '#stores/models/store'
import { newVoucherCode } from '#loyalty/vouchers'
import { dbTimestamp } from '#shared/db_time'
import { ulid } from 'ulid'
import { recordPurchase } from '#purchases/record_purchase'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { QUEUES } from '#shared/queue'
import { mergeCustomers } from '#customers/merge_customers'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { drainQueue } from '#tests/helpers/queues'
import { createCustomer, createProgram, createStaff, createStore, unique } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'
import { plain } from '../loyalty_admin/helpers.js'
import { createAnimation } from '../animations/animation_helpers.js'

const ZONE = 'Europe/Paris'
const today = () => DateTime.now().setZone(ZONE).startOf('day')
const dayAgo = (days: number) => today().minus({ days }).toISODate()!
/** Noon of a day, `days` ago in Paris: the same day in UTC, as the customer list reads it. */
const noonAgo = (days: number) => today().minus({ days }).set({ hour: 12 })

/** The words of the page, tags out, on one line. */
function wordsOf(page: { text(): string }) {
  return plain(textOf(page)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

/** `days` days of hourly visits before today: open 9:00–18:00 at 10 visits an hour, Tuesdays 15:00–16:00 at 2. */
async function seedHourly(store: Store, days: number) {
  const rows = []
  for (let back = days; back >= 1; back--) {
    const day = today().minus({ days: back })
    for (let hour = 9; hour < 18; hour++) {
      rows.push({ store_id: store.id, day: day.toISODate()!, weekday: day.weekday, hour, purchases: day.weekday === 2 && hour === 15 ? 2 : 10 })
    }
  }
  for (let start = 0; start < rows.length; start += 200) await db.table('analytics_hourly').multiInsert(rows.slice(start, start + 200))
}

async function applyEvents() {
  await dispatchPendingEvents()
  await drainQueue(QUEUES.events)
}

async function rewardOf(program: LoyaltyProgram, name: string, active = true) {
  return Reward.create({ programId: program.id, name: `${name} ${unique()}`, kind: 'amount', valueCents: 500, costPoints: 100, validityDays: 30, active })
}

/** Vouchers of a reward issued `daysAgo`, `redeemed` of them used. */
async function issue(reward: Reward, count: number, redeemed: number, daysAgo: number) {
  const issuedAt = noonAgo(daysAgo)
  const rows = Array.from({ length: count }, (_, index) => ({
    // A ULID of the issue time, as if written then.
    public_id: ulid(issuedAt.toMillis()),
    code: newVoucherCode(),
    program_id: reward.programId,
    reward_id: reward.id,
    source: 'shop',
    kind: 'amount',
    value_cents: 500,
    status: index < redeemed ? 'redeemed' : 'issued',
    issued_at: dbTimestamp(issuedAt),
    expires_at: dbTimestamp(issuedAt.plus({ days: 30 })),
    redeemed_at: index < redeemed ? dbTimestamp(issuedAt.plus({ days: 1 })) : null,
    terms: JSON.stringify({ kind: 'amount', value_cents: 500, validity_days: 30 }),
  }))
  await db.table('vouchers').multiInsert(rows)
}

/** A store with 12 weeks of hours and rewards used or not. */
async function storeWithHistory() {
  const store = await createStore({ timezone: ZONE })
  await seedHourly(store, 84)
  const program = await createProgram(store)
  const rewards = { unused: await rewardOf(program, 'Tote bag'), used: await rewardOf(program, 'Café'), young: await rewardOf(program, 'Mug'), inactive: await rewardOf(program, 'Pin', false) }
  await issue(rewards.unused, 12, 0, 20)
  await issue(rewards.used, 12, 3, 20)
  await issue(rewards.young, 12, 0, 3)
  await issue(rewards.inactive, 12, 0, 20)
  return { store, program, rewards }
}

/** Members of a store of their own, each last seen some days ago (real purchases, their events applied); one erased, one merged away. */
async function storeWithMembers() {
  const store = await createStore({ timezone: ZONE })
  const lastSeen = { soon: [46, 59], recent: 45, dormant: 60, erased: 50, merged: 50 }
  const members = { soon: [await createCustomer(store), await createCustomer(store)], recent: await createCustomer(store), dormant: await createCustomer(store), erased: await createCustomer(store), merged: await createCustomer(store) }
  const purchases = [...lastSeen.soon.map((days, index) => ({ customer: members.soon[index], days })), ...(['recent', 'dormant', 'erased', 'merged'] as const).map((name) => ({ customer: members[name], days: lastSeen[name] }))]
  for (const { customer, days } of purchases) await recordPurchase({ store, customer, totalCents: 1000, occurredAt: noonAgo(days).toJSDate(), source: 'api' })
  await applyEvents()
  await eraseCustomer({ customerId: members.erased.id, cause: 'request' })
  await mergeCustomers({ keep: members.soon[0], duplicate: members.merged, staffMemberId: (await createStaff('owner')).id })
  await applyEvents()
  return { store, members }
}

test.group('Analytics: suggestions on the dashboard', () => {
  test('a store’s quiet hour and its reward nobody redeems, each with its action, and nobody named', async ({ client, assert }) => {
    const { store, program, rewards } = await storeWithHistory()
    const owner = await createStaff('owner')
    const page = await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(owner)
    page.assertStatus(200)
    const text = wordsOf(page)
    const html = textOf(page)

    // Tuesdays: eight hours at 10 visits, one at 2, an average of 9.1.
    assert.include(text, "le mardi de 15 h à 16 h : 2 visites en moyenne, contre 9,1 pour une heure d'ouverture du mardi")
    assert.lengthOf(text.match(/ de \d+ h à \d+ h : /g) ?? [], 1)
    assert.match(html, /<form method="POST" action="\/admin\/animations" class="inline">\s*<input type='hidden' name='_csrf' value='[^']+'>\s*<input type="hidden" name="kind" value="happy_hour">/)

    assert.include(text, `${rewards.unused.name} : 12 bons émis, aucun utilisé`)
    assert.include(html, `href="/admin/loyalty/programs/${program.publicId}/rewards/${rewards.unused.publicId}/edit"`)
    for (const reward of [rewards.used, rewards.young, rewards.inactive]) assert.notInclude(text, reward.name)
    assert.notInclude(text, 'passer en sommeil')
  })

  test('members about to go dormant: the count, the filtered customer list and the wake-up preset; erased and merged members are gone', async ({ client, assert }) => {
    const { store, members } = await storeWithMembers()
    const owner = await createStaff('owner')
    const page = await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(owner)
    page.assertStatus(200)
    const text = wordsOf(page)
    const html = textOf(page)
    // 46 to 59 days ago with the preset's 60 days: the two members at 46 and 59.
    assert.include(text, '2 membres vont passer en sommeil dans les 14 prochains jours (après 60 jours sans achat).')
    const customersLink = `/admin/customers?last_visit_after=${dayAgo(59)}&last_visit_before=${dayAgo(46)}&store=${store.publicId}`
    assert.include(html, `href="${customersLink}"`)
    assert.include(html, 'name="kind" value="dormant"')
    const everyone = [...members.soon, members.recent, members.dormant, members.erased, members.merged]
    // Counts only on the dashboard; the names are on the list it links to.
    for (const customer of everyone) assert.notInclude(html, customer.lastName!)
    const listed = textOf(await client.get(customersLink).loginAs(owner))
    for (const customer of members.soon) assert.include(listed, customer.lastName!)
    for (const customer of [members.recent, members.dormant, members.erased, members.merged]) assert.notInclude(listed, customer.lastName!)
  })

  test('in English, with the store’s wake-up animation: its threshold and its link; a marketer gets no reward edit link', async ({ client, assert }) => {
    const { store, rewards } = await storeWithHistory()
    const { store: membersStore } = await storeWithMembers()
    const animation = await createAnimation(membersStore, 'dormant', { params: { days: 46, send_at: '10:00' } })
    const marketer = await createStaff('marketer')
    const shop = wordsOf(await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(marketer).header('Accept-Language', 'en'))
    assert.include(shop, 'Tuesday 15:00 to 16:00: 2 visits on average, against 9.1 for a trading hour on Tuesday')
    assert.include(shop, `${rewards.unused.name}: 12 vouchers issued, none redeemed`)
    assert.notInclude(shop, `/rewards/${rewards.unused.publicId}/edit`)

    const page = await client.get(`/admin/dashboard?store=${membersStore.slug}`).loginAs(marketer).header('Accept-Language', 'en')
    const html = textOf(page)
    // With 46 days: those last seen 32 to 45 days ago, the one member at 45.
    assert.include(wordsOf(page), '1 member is about to go dormant within the next 14 days (after 46 days without a purchase).')
    assert.include(html, `href="/admin/animations/${animation.publicId}/edit"`)
    assert.notInclude(html, 'name="kind" value="dormant"')
  })

  test('under 4 weeks of hours, the page says it is too early; every store at once asks for a store', async ({ client, assert }) => {
    const store = await createStore({ timezone: ZONE })
    await seedHourly(store, 27)
    const owner = await createStaff('owner')
    const young = wordsOf(await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(owner))
    assert.include(young, 'Les heures creuses seront suggérées après 4 semaines de ventes.')
    assert.notInclude(young, 'Des heures creuses')
    const all = wordsOf(await client.get('/admin/dashboard').loginAs(owner))
    assert.include(all, 'Choisissez un magasin pour voir ses heures creuses.')
  })

  test('a store with nothing to suggest yet says so', async ({ client, assert }) => {
    const store = await createStore({ timezone: ZONE })
    await createCustomer(store)
    await applyEvents()
    const owner = await createStaff('owner')
    const text = wordsOf(await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(owner))
    assert.include(text, 'Suggestions Rien à suggérer pour le moment.')
  })
})
