import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Animation from '#animations/models/animation'
import Campaign from '#animations/models/campaign'
import type Customer from '#customers/models/customer'
import { grantAnimationRewards } from '#loyalty/animation_rewards'
import { recordPurchase } from '#purchases/record_purchase'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { write } from '#shared/sql_program'
import type Store from '#stores/models/store'
import { createCustomer, createProgram, createStaff, createStore, unique } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'
import { createAnimation } from '#tests/functional/animations/animation_helpers'
import { plain } from '../loyalty_admin/helpers.js'

const DAY = 86_400_000
const dialect = () => db.connection().dialect.name
const at = (date: Date) => dbInstant(date, dialect())
const plus = (date: Date, days: number) => new Date(date.getTime() + days * DAY)
/** The words of a page, tags out, on one line. */
const wordsOf = (page: { text(): string }) => plain(textOf(page)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

type Source = { type: 'animation' | 'campaign'; id: number }

async function fire(source: Source, customer: Customer, options: { key?: string; holdout?: boolean; on: Date; voucherId?: number | null }) {
  const row = { source_type: source.type, source_id: source.id, customer_id: customer.id, occurrence_key: options.key ?? 'once', holdout: options.holdout ? 1 : 0, voucher_id: options.voucherId ?? null, points_awarded: 0, created_at: at(options.on) }
  await db.table('firings').insert(row)
  const fired = await db.from('firings').where({ source_type: source.type, source_id: source.id, customer_id: customer.id, occurrence_key: row.occurrence_key }).select('id').firstOrFail()
  return Number(fired.id)
}

async function deliver(firingId: number, customer: Customer, status: string, reason: string | null = null, holdout = false) {
  const now = at(new Date())
  await db.table('deliveries').insert({ public_id: newPublicId(), firing_id: firingId, customer_id: customer.id, channel: 'email', status, reason, holdout: holdout ? 1 : 0, due_at: now, attempts: 0, sent_at: status === 'sent' ? now : null, created_at: now, updated_at: now })
}

async function buy(store: Store, customer: Customer, totalCents: number, on: Date) {
  return recordPurchase({ store, customer, totalCents, occurredAt: on, source: 'api' })
}

async function refund(store: Store, purchaseId: number, amountCents: number) {
  const now = at(new Date())
  await db.table('refunds').insert({ public_id: newPublicId(), purchase_id: purchaseId, store_id: store.id, amount_cents: amountCents, source: 'till', occurred_at: now, created_at: now })
}

async function voucher(customer: Customer, issuedOn: Date) {
  const code = `R${unique()}`.slice(0, 16).toUpperCase()
  await db.table('vouchers').insert({ public_id: newPublicId(), code, customer_id: customer.id, source: 'animation', kind: 'amount', value_cents: 500, status: 'issued', issued_at: at(issuedOn), expires_at: at(plus(issuedOn, 60)), terms: '{}' })
  return Number((await db.from('vouchers').where('code', code).select('id').firstOrFail()).id)
}

async function redeem(store: Store, customer: Customer, voucherId: number, discountCents: number, status: 'applied' | 'reversed') {
  await db.table('redemptions').insert({ public_id: newPublicId(), store_id: store.id, customer_id: customer.id, kind: 'voucher', voucher_id: voucherId, units: 0, discount_cents: discountCents, status, source: 'till', created_at: at(new Date()) })
}

async function customers(store: Store, count: number) {
  const made: Customer[] = []
  for (let index = 0; index < count; index++) made.push(await createCustomer(store))
  return made
}

/**
 * An animation fired 20 days ago: 40 treated units (39 customers, one
 * fired twice a year apart) and 30 held out. Treated: 10 units bought
 * 20 € within 7 days (one 25 € less a 5 € refund; the customer fired
 * twice bought after the older firing only); one also bought 30 € on
 * day 8, one bought before its firing. Held out: 3 bought 20 €. Rewards:
 * two vouchers used (5 € each; a third reversed, an older voucher named
 * by a firing not this animation's), 2 × 100 bonus points at 5 cents.
 */
async function animationWithResults() {
  const store = await createStore()
  await createProgram(store)
  const animation = await createAnimation(store, 'dormant', { holdout_percent: 10 })
  const source: Source = { type: 'animation', id: animation.id }
  const firedOn = new Date(Date.now() - 20 * DAY)
  const [twice, ...treated] = await customers(store, 39)
  const holdout = await customers(store, 30)
  const firings = new Map<Customer, number>()
  for (const [index, customer] of treated.entries()) {
    const voucherId = index < 3 ? await voucher(customer, firedOn) : index === 3 ? await voucher(customer, plus(firedOn, -30)) : null
    firings.set(customer, await fire(source, customer, { on: firedOn, voucherId }))
  }
  const older = await fire(source, twice, { key: 'dormant:1', on: plus(firedOn, -365) })
  const newer = await fire(source, twice, { key: 'dormant:2', on: firedOn })
  for (const customer of holdout) await deliver(await fire(source, customer, { on: firedOn, holdout: true }), customer, 'skipped', 'holdout', true)

  const statuses: Array<[string, string | null]> = [...Array(30).fill(['sent', null]), ...Array(4).fill(['skipped', 'no_consent']), ['skipped', 'frequency_cap'], ['skipped', 'frequency_cap'], ['held', 'quiet_hours'], ['held', 'quiet_hours'], ['failed', 'rejected'], ['queued', null]]
  const units = [...treated.map((customer) => [customer, firings.get(customer)!] as const), [twice, older] as const, [twice, newer] as const]
  for (const [index, [customer, firingId]] of units.entries()) await deliver(firingId, customer, ...statuses[index])

  const first = await buy(store, treated[0], 2500, plus(firedOn, 2))
  await refund(store, first.id, 500)
  for (const customer of treated.slice(1, 9)) await buy(store, customer, 2000, plus(firedOn, 3))
  await buy(store, treated[1], 3000, plus(firedOn, 8))
  await buy(store, treated[9], 1000, plus(firedOn, -1))
  await buy(store, twice, 2000, plus(firedOn, -363))
  for (const customer of holdout.slice(0, 3)) await buy(store, customer, 2000, plus(firedOn, 1))

  const voucherIds = await db.from('firings').where({ source_type: 'animation', source_id: animation.id }).whereNotNull('voucher_id').orderBy('id').select('voucher_id')
  await redeem(store, treated[0], Number(voucherIds[0].voucher_id), 500, 'applied')
  await redeem(store, treated[1], Number(voucherIds[1].voucher_id), 500, 'applied')
  await redeem(store, treated[2], Number(voucherIds[2].voucher_id), 700, 'reversed')
  await redeem(store, treated[3], Number(voucherIds[3].voucher_id), 900, 'applied')
  const grant = (customer: Customer) => ({ customerId: customer.id, customerStoreId: store.id, reward: { type: 'points' as const, points: 100, program_id: null }, causeId: animation.publicId, at: firedOn, dialect: dialect() })
  await write(() => grantAnimationRewards([grant(treated[4]), grant(treated[5])]))
  return animation
}

test.group('Analytics: results of animations and campaigns against their holdout', () => {
  test('an animation’s funnel, both groups, incremental revenue and ROI with their intervals, as computed by hand; the CSV says the same', async ({ client, assert }) => {
    const animation = await animationWithResults()
    const marketer = await createStaff('marketer')
    const page = await client.get(`/admin/animations/${animation.publicId}/results`).loginAs(marketer)
    page.assertStatus(200)
    const text = wordsOf(page)
    for (const line of [
      'Audience (déclenchements) 70',
      'Groupe témoin (rien envoyé) 30',
      'Groupe exposé 40',
      'Messages à envoyer 40',
      'Non envoyés : pas de consentement 4',
      'Non envoyés : plafond de messages atteint 2',
      'En attente d’envoi 3',
      'Gardés pour plus tard : heures calmes 2',
      'Échecs 1',
      'Envoyés 30',
      'Unités jointes (au moins un message envoyé) 30',
      'Unités converties (groupe exposé) 10',
      'Chiffre d’affaires (groupe exposé) 200,00 €',
      'Coût des bons utilisés 10,00 €',
      'Coût des points offerts (200 points) 10,00 €',
      'Coût des récompenses 20,00 €',
      // Side by side: 10/40 against 3/30; 200 € over 40 units against 60 € over 30.
      'Unités 40 30',
      'Unités converties 10 3',
      'Taux de conversion 25 % 10 %',
      'Chiffre d’affaires 200,00 € 60,00 €',
      'Chiffre d’affaires par unité 5,00 € 2,00 €',
      // (5 € − 2 €) × 40 = 120 €; Welch: s_t² = 3e7/39, s_h² = 1.08e7/29, ± 1.96 × √(s_t²/40 + s_h²/30) × 40 = ± 139,46 €.
      'Chiffre d’affaires incrémental 120,00 € intervalle de confiance à 95 % : de −19,46 € à 259,46 €',
      'Écart de chiffre d’affaires par unité 3,00 € intervalle de confiance à 95 % : de −0,49 € à 6,49 €',
      // 25 % − 10 % ± 1.96 × √(0.25 × 0.75 / 40 + 0.1 × 0.9 / 30).
      'Écart de taux de conversion +15 pts intervalle de confiance à 95 % : de −2,2 pts à +32,2 pts',
      // (120 € − 20 €) / 20 € = 500 %; bounds (−19,46 − 20) / 20 and (259,46 − 20) / 20.
      'Retour sur investissement (ROI) +500 % intervalle de confiance à 95 % : de −197 % à +1 197 %',
    ]) {
      assert.include(text, line)
    }
    assert.notInclude(text, 'Pas encore assez de données')
    assert.include(page.text(), 'role="img"')
    assert.include(page.text(), '<desc id="chart-desc">')

    // A wider window takes in the day-8 purchase: 230 € for the treated.
    const wider = wordsOf(await client.get(`/admin/animations/${animation.publicId}/results?days=10`).loginAs(marketer))
    assert.include(wider, 'Chiffre d’affaires (groupe exposé) 230,00 €')
    assert.include(wider, 'Chiffre d’affaires 230,00 € 60,00 €')

    const csv = await client.get(`/admin/animations/${animation.publicId}/results.csv?days=7`).loginAs(marketer)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    assert.include(csv.header('content-disposition'), `resultats_animation_${animation.publicId}_7.csv`)
    assert.isTrue(csv.text().startsWith('\uFEFF'))
    const lines = csv.text().replace(/^\uFEFF/, '').split('\r\n')
    for (const line of [
      'Indicateur;Valeur',
      'Audience (déclenchements);70',
      'Groupe témoin (rien envoyé);30',
      'Non envoyés : pas de consentement;4',
      'Chiffre d’affaires (groupe exposé) (€);200,00',
      'Coût des récompenses (€);20,00',
      'Groupes;Groupe exposé;Groupe témoin',
      'Taux de conversion (%);25,0;10,0',
      'Chiffre d’affaires par unité (€);5,00;2,00',
      'Effet;Valeur;Borne basse (95 %);Borne haute (95 %)',
      'Chiffre d’affaires incrémental (€);120,00;-19,46;259,46',
      'Écart de taux de conversion (points de %);15,0;-2,2;32,2',
      'Retour sur investissement (ROI) (%);500,0;-197,3;1197,3',
      'Assez de données;oui',
    ]) {
      assert.include(lines, line)
    }
  })

  test('a campaign too early to read says "not enough data yet" and why; its firings are its own', async ({ client, assert }) => {
    const store = await createStore()
    const campaign = await Campaign.create({ name: `Soldes ${unique()}`, status: 'sent', segmentId: null, config: JSON.stringify({ channels: ['email'], reward: null, holdout_percent: 10 }), targeted: 7, fannedOut: 7, cursorCustomerId: 0, createdById: null })
    const source: Source = { type: 'campaign', id: campaign.id }
    const firedOn = new Date(Date.now() - 2 * DAY)
    const people = await customers(store, 8)
    for (const customer of people.slice(0, 5)) await deliver(await fire(source, customer, { on: firedOn }), customer, 'sent')
    for (const customer of people.slice(5, 7)) await deliver(await fire(source, customer, { on: firedOn, holdout: true }), customer, 'skipped', 'holdout', true)
    await buy(store, people[0], 1500, plus(firedOn, 1))
    // An animation's firing with the campaign's id is not the campaign's.
    await fire({ type: 'animation', id: campaign.id }, people[7], { on: firedOn })
    await buy(store, people[7], 9900, plus(firedOn, 1))

    const owner = await createStaff('owner')
    const page = await client.get(`/admin/campaigns/${campaign.publicId}/results`).loginAs(owner)
    page.assertStatus(200)
    const text = wordsOf(page)
    assert.include(text, 'Pas encore assez de données pour mesurer l’effet.')
    assert.include(text, 'Moins de 30 unités dans le groupe exposé.')
    assert.include(text, 'Moins de 30 unités dans le groupe témoin.')
    assert.include(text, 'La fenêtre de 7 jours n’est pas encore écoulée pour la plupart des unités.')
    assert.include(text, 'Audience (déclenchements) 7')
    assert.include(text, 'Envoyés 5')
    assert.include(text, 'Chiffre d’affaires 15,00 € 0,00 €')
    assert.include(text, 'Taux de conversion 20 % 0 %')
    assert.notInclude(text, 'Chiffre d’affaires incrémental')

    // One day's window has elapsed: only the group sizes are short now.
    const later = wordsOf(await client.get(`/admin/campaigns/${campaign.publicId}/results?days=1`).loginAs(owner))
    assert.notInclude(later, 'La fenêtre de')
    assert.include(later, 'Moins de 30 unités dans le groupe exposé.')

    const csv = (await client.get(`/admin/campaigns/${campaign.publicId}/results.csv`).loginAs(owner)).text().split('\r\n')
    assert.include(csv, 'Assez de données;non')
    assert.include(csv, 'Audience (déclenchements);7')
  })

  test('a campaign without any holdout says so', async ({ client, assert }) => {
    const store = await createStore()
    const campaign = await Campaign.create({ name: `Sans témoin ${unique()}`, status: 'sent', segmentId: null, config: JSON.stringify({ channels: ['email'], reward: null, holdout_percent: 0 }), targeted: 1, fannedOut: 1, cursorCustomerId: 0, createdById: null })
    const [customer] = await customers(store, 1)
    await deliver(await fire({ type: 'campaign', id: campaign.id }, customer, { on: new Date(Date.now() - 30 * DAY) }), customer, 'sent')
    const text = wordsOf(await client.get(`/admin/campaigns/${campaign.publicId}/results`).loginAs(await createStaff('marketer')))
    assert.include(text, 'Aucun client dans le groupe témoin')
    assert.include(text, 'Groupe témoin (rien envoyé) 0')
  })

  test('owner and marketer only: a cashier is refused, a visitor sent to sign in; the pages link to the results', async ({ client, assert }) => {
    const store = await createStore()
    const animation = await createAnimation(store, 'dormant')
    const campaign = await Campaign.create({ name: `Liens ${unique()}`, status: 'sent', segmentId: null, config: JSON.stringify({ channels: ['email'], reward: null, holdout_percent: 10 }), targeted: 0, fannedOut: 0, cursorCustomerId: 0, createdById: null })
    const cashier = await createStaff('cashier', { storeId: store.id })
    for (const path of [`/admin/animations/${animation.publicId}/results`, `/admin/campaigns/${campaign.publicId}/results.csv`]) {
      ;(await client.get(path).loginAs(cashier).redirects(0)).assertStatus(403)
      const anonymous = await client.get(path).redirects(0)
      assert.equal(anonymous.status(), 302)
      assert.match(anonymous.header('location') ?? '', /\/sign-in/)
    }
    const marketer = await createStaff('marketer')
    const empty = await client.get(`/admin/animations/${animation.publicId}/results`).loginAs(marketer)
    empty.assertStatus(200)
    assert.include(wordsOf(empty), 'Audience (déclenchements) 0')
    assert.include(wordsOf(empty), 'Pas encore assez de données')
    assert.include((await client.get(`/admin/animations/${animation.publicId}/edit`).loginAs(marketer)).text(), `href="/admin/animations/${animation.publicId}/results"`)
    assert.include((await client.get(`/admin/campaigns/${campaign.publicId}`).loginAs(marketer)).text(), `href="/admin/campaigns/${campaign.publicId}/results"`)
  })

  test('a new animation and a new campaign keep 10 % out by default, so they have a control group', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const animation = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'welcome' }).redirects(0)
    const animationId = animation.header('location')!.match(/([0-9A-Z]{26})\/edit/)![1]
    const campaign = await client.post('/admin/campaigns').loginAs(marketer).withCsrfToken().redirects(0)
    const campaignId = campaign.header('location')!.match(/([0-9A-Z]{26})\/edit/)![1]
    assert.equal((await Animation.findByOrFail('publicId', animationId)).parsedConfig.holdout_percent, 10)
    assert.equal((await Campaign.findByOrFail('publicId', campaignId)).parsedConfig.holdout_percent, 10)
    assert.include(wordsOf(await client.get(`/admin/campaigns/${campaignId}/results`).loginAs(marketer)), 'groupe témoin (10 % aujourd’hui')
  })

  test('bad windows are a 422 with the field’s error; an unknown id, or one of the other kind, a 404; never a 500', async ({ client, assert }) => {
    const store = await createStore()
    const animation = await createAnimation(store, 'dormant')
    const campaign = await Campaign.create({ name: `Erreurs ${unique()}`, status: 'draft', segmentId: null, config: JSON.stringify({ channels: ['email'], reward: null, holdout_percent: 10 }), targeted: 0, fannedOut: 0, cursorCustomerId: 0, createdById: null })
    const marketer = await createStaff('marketer')
    const base = `/admin/animations/${animation.publicId}/results`
    for (const query of ['days=abc', 'days=0', 'days=1000', 'days=91', 'days=-3', 'days=2.5', `days=${'9'.repeat(5000)}`, 'days=1&days=2', 'days[]=7', 'days=%00']) {
      const answer = await client.get(`${base}?${query}`).loginAs(marketer)
      assert.equal(answer.status(), 422, query)
      assert.include(answer.text(), 'field-error', query)
      assert.include(plain(textOf(answer)), 'Indiquez un nombre entier de jours entre 1 et 90.', query)
      assert.notInclude(answer.text(), 'id="funnel"', query)
      ;(await client.get(`${base}.csv?${query}`).loginAs(marketer)).assertStatus(422)
    }
    for (const query of ['days=1', 'days=90', 'days=', 'days=%2030%20']) (await client.get(`${base}?${query}`).loginAs(marketer)).assertStatus(200)
    for (const path of [
      '/admin/animations/01ARZ3NDEKTSV4RRFFQ69G5FAV/results',
      '/admin/campaigns/01ARZ3NDEKTSV4RRFFQ69G5FAV/results.csv',
      '/admin/animations/not-an-id/results',
      `/admin/animations/${animation.publicId.toLowerCase()}/results`,
      `/admin/campaigns/${animation.publicId}/results`,
      `/admin/animations/${campaign.publicId}/results`,
      `/admin/animations/${campaign.publicId}/results.csv`,
    ]) {
      ;(await client.get(path).loginAs(marketer)).assertStatus(404)
    }
  })
})
