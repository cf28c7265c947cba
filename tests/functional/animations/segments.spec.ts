import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { countSegment } from '#animations/segments/segment_filters'
import { createPosToken, createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'
import { customerWith } from './animation_helpers.js'

test.group('Segments: saved filters with live counts', () => {
  test('recency, frequency, monetary, tier, tags, birthday month and consent combine', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const loyal = await customerWith(store, { birthMonth: 3, birthDay: 4, tags: ['vip'] })
    const lapsed = await customerWith(store, { birthMonth: 3, birthDay: 9, consents: { email_marketing: false, sms_marketing: true, personalisation: true } })
    const newcomer = await customerWith(store, { birthMonth: 7, birthDay: 1 })
    for (let i = 0; i < 3; i++) (await pos.purchase({ customer_id: loyal.publicId, total_cents: 120_00 })).assertStatus(201)
    ;(await pos.purchase({ customer_id: lapsed.publicId, total_cents: 900, occurred_at: '2026-01-05T10:00:00+01:00' })).assertStatus(201)
    const inStore = { store_id: store.id }
    assert.equal(await countSegment(inStore), 3)
    assert.equal(await countSegment({ ...inStore, bought_within_days: 30 }), 1)
    assert.equal(await countSegment({ ...inStore, not_bought_for_days: 90 }), 2, 'the lapsed customer and the one who never bought')
    assert.equal(await countSegment({ ...inStore, visits_min: 2, spent_min_cents: 300_00 }), 1)
    assert.equal(await countSegment({ ...inStore, tier: 'argent' }), 1)
    assert.equal(await countSegment({ ...inStore, tags: ['vip'] }), 1)
    assert.equal(await countSegment({ ...inStore, birthday_month: 3 }), 2)
    assert.equal(await countSegment({ ...inStore, birthday_month: 3, consent: 'email' }), 1)
    assert.equal(await countSegment({ ...inStore, consent: 'sms' }), 3)
    assert.equal(await countSegment({ ...inStore, no_message_days: 7 }), 3)
    assert.isAbove(newcomer.id, 0)
  })

  test('the page counts without saving, saves, lists with counts; bad input is a 422 with nothing stored', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const store = await createStore({ name: 'Segments & Co' })
    await customerWith(store, { birthMonth: 5, birthDay: 2 })
    const before = await db.from('segments').count('* as total').first()
    const counted = await client.post('/admin/segments').loginAs(marketer).withCsrfToken().form({ intent: 'count', store_id: String(store.id), birthday_month: '5' })
    counted.assertStatus(200)
    counted.assertTextIncludes('Ce segment compte 1 client en ce moment')
    assert.equal(Number((await db.from('segments').count('* as total').first())?.total), Number(before?.total))

    const refused = await client.post('/admin/segments').loginAs(marketer).withCsrfToken().form({ intent: 'save', name: '', visits_min: 'beaucoup', spent_min: '12,345', tier: 'Or Massif', tags: Array.from({ length: 12 }, (_, i) => `t${i}`).join(','), birthday_month: '13' })
    refused.assertStatus(422)
    for (const text of ['Donnez un nom', 'Un nombre entier de visites', 'Un montant en euros', 'Une clé de statut', 'Au plus 10 étiquettes', 'Mois inconnu']) refused.assertTextIncludes(text)
    assert.equal(Number((await db.from('segments').count('* as total').first())?.total), Number(before?.total))

    const saved = await client.post('/admin/segments').loginAs(marketer).withCsrfToken().form({ intent: 'save', name: 'Anniversaires de mai <b>', store_id: String(store.id), birthday_month: '5' }).redirects(0)
    saved.assertStatus(302)
    const list = await client.get('/admin/segments').loginAs(marketer).header('Accept-Language', 'en')
    list.assertTextIncludes('Anniversaires de mai &lt;b&gt;')
    list.assertTextIncludes('1 customer')
    const segment = await db.from('segments').where('name', 'Anniversaires de mai <b>').firstOrFail()
    const edit = await client.get(`/admin/segments/${segment.public_id}/edit`).loginAs(marketer)
    edit.assertStatus(200)
    edit.assertTextIncludes('Ce segment compte 1 client')
    ;(await client.get('/admin/segments/NOPE/edit').loginAs(marketer)).assertStatus(404)

    // The live count asks the same with Accept: application/json.
    const live = await client.post('/admin/segments').loginAs(marketer).withCsrfToken().header('accept', 'application/json').form({ intent: 'count', store_id: String(store.id), birthday_month: '5' })
    live.assertStatus(200)
    live.assertBodyContains({ count: 1 })
    const bad = await client.post('/admin/segments').loginAs(marketer).withCsrfToken().header('accept', 'application/json').form({ intent: 'count', visits_min: '-3' })
    bad.assertStatus(422)
  })
})
