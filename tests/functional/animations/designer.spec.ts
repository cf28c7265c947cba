import { DateTime } from 'luxon'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Animation from '#animations/models/animation'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { customerWith, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

/** The edit form's fields of a stored animation, as the browser would post them back. */
async function formFields(animation: Animation) {
  const rows = await db.from('message_templates').where({ source_type: 'animation', source_id: animation.id })
  const config = animation.parsedConfig
  const fields: Record<string, string | string[]> = { 'name': animation.name, 'store_id': String(animation.storeId ?? ''), 'channels[]': config.channels, 'holdout_percent': String(config.holdout_percent), 'reward_type': config.reward?.type ?? 'none' }
  for (const [key, value] of Object.entries(config.params)) {
    if (Array.isArray(value)) fields[`params[${key}][]`] = value.map(String)
    else fields[`params[${key}]`] = String(value)
  }
  if (config.reward?.type === 'voucher') {
    const voucher = config.reward.voucher
    Object.assign(fields, { voucher_kind: voucher.kind, voucher_value: voucher.value_cents ? (voucher.value_cents / 100).toFixed(2).replace('.', ',') : '', voucher_product_label: voucher.product_label ?? '', voucher_validity_days: String(voucher.validity_days) })
  }
  for (const row of rows) {
    fields[`texts[${row.channel}][${row.locale}][body]`] = row.body
    if (row.subject) fields[`texts[${row.channel}][${row.locale}][subject]`] = row.subject
  }
  return fields
}

test.group('Animation designer (marketer, in the browser)', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('the list and the presets, in French and English; a cashier is refused', async ({ client }) => {
    const marketer = await createStaff('marketer')
    const fr = await client.get('/admin/animations/new').loginAs(marketer).header('Accept-Language', 'fr')
    fr.assertStatus(200)
    fr.assertTextIncludes('Anniversaire (jour J)')
    const en = await client.get('/admin/animations/new').loginAs(marketer).header('Accept-Language', 'en')
    en.assertTextIncludes('Birthday (on the day)')
    ;(await client.get('/admin/animations').loginAs(marketer).header('Accept-Language', 'en')).assertStatus(200)
    const cashier = await createStaff('cashier')
    ;(await client.get('/admin/animations').loginAs(cashier)).assertStatus(403)
  })

  test('create from a preset, save with errors (422, kept as typed), fix, activate: the tick fires it', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const store = await createStore()
    await createProgram(store)
    const created = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'birthday' }).redirects(0)
    created.assertStatus(302)
    const publicId = created.header('location')!.match(/\/admin\/animations\/([0-9A-Z]{26})\/edit/)![1]
    const animation = await Animation.findByOrFail('publicId', publicId)
    assert.equal(animation.status, 'draft')

    const edit = await client.get(`/admin/animations/${publicId}/edit`).loginAs(marketer)
    edit.assertStatus(200)
    edit.assertTextIncludes('Joyeux anniversaire {{ customer.first_name }}')

    const fields = await formFields(animation)
    const broken = { ...fields, 'name': 'Anniversaire Lyon', 'store_id': String(store.id), 'texts[email][fr][body]': 'Bonjour {{ customer.prenom }}', 'params[send_at]': '9h' }
    const refused = await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form(broken)
    refused.assertStatus(422)
    refused.assertTextIncludes('customer.prenom')
    refused.assertTextIncludes('Anniversaire Lyon')
    assert.equal((await Animation.findOrFail(animation.id)).name, animation.name)

    // A new animation holds 10 % out by default; this one customer must receive it.
    assert.equal(animation.parsedConfig.holdout_percent, 10)
    const fixed = { ...broken, 'holdout_percent': '0', 'texts[email][fr][body]': 'Bonjour {{ customer.first_name }}, voici {{ voucher.value }} : {{ voucher.code }}.', 'params[send_at]': '09:30' }
    ;(await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form(fixed).redirects(0)).assertStatus(302)
    ;(await client.post(`/admin/animations/${publicId}/activation`).loginAs(marketer).withCsrfToken().redirects(0)).assertStatus(302)
    const saved = await Animation.findOrFail(animation.id)
    assert.deepEqual({ status: saved.status, name: saved.name, storeId: saved.storeId }, { status: 'active', name: 'Anniversaire Lyon', storeId: store.id })
    assert.equal(saved.parsedConfig.params.send_at, '09:30')
    const audit = await db.from('audit_logs').where('action', 'animations.activated').where('subject_id', publicId).first()
    assert.isNotNull(audit)

    const customer = await customerWith(store, { firstName: 'Inès', birthDay: 21, birthMonth: 10 })
    await tickAndSend('2026-10-21T07:30:00Z')
    const [mail] = mailsTo(customer.email!)
    assert.match(mail.parsed.text!, /^Bonjour Inès, voici Une boisson chaude offerte : [2-9A-Z]{10}\./)
  })

  test('preview for a real customer, estimate, test send to the marketer; nothing fires', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const store = await createStore()
    await createProgram(store)
    const created = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'birthday' }).redirects(0)
    const publicId = created.header('location')!.match(/([0-9A-Z]{26})/)![1]
    const animation = await Animation.findByOrFail('publicId', publicId)
    await animation.merge({ storeId: store.id }).save()
    // Today in the store's time, as the estimate counts it (not the machine's UTC date).
    const today = DateTime.now().setZone(store.timezone)
    const customer = await customerWith(store, { firstName: '<b>Zoé</b>', birthDay: today.day, birthMonth: today.month })

    const preview = await client.get(`/admin/animations/${publicId}/preview`).qs({ customer: customer.cardCode }).loginAs(marketer).header('Accept-Language', 'en')
    preview.assertStatus(200)
    preview.assertTextIncludes('EXEMPLE000')
    assert.notInclude(preview.text(), '<b>Zoé</b>')
    assert.match(preview.text(), /Today[^<]*1 customer/)
    const unknown = await client.get(`/admin/animations/${publicId}/preview`).qs({ customer: 'nobody@example.test' }).loginAs(marketer)
    unknown.assertStatus(200)
    unknown.assertTextIncludes('Aucun client')

    const sent = await client.post(`/admin/animations/${publicId}/test-send`).loginAs(marketer).withCsrfToken().form({ customer: customer.cardCode }).redirects(0)
    sent.assertStatus(302)
    const [mail] = mailsTo(marketer.email)
    assert.match(mail.parsed.subject!, /^\[TEST\] Joyeux anniversaire/)
    assert.lengthOf(await db.from('firings').where('source_type', 'animation').where('source_id', animation.id), 0)
    assert.lengthOf(mailsTo(customer.email!), 0)
  })

  test('hostile and malformed input: unknown preset, oversized fields, bad ids', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const bad = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: '<script>' }).redirects(0)
    bad.assertStatus(302)
    assert.equal(bad.header('location'), '/admin/animations/new')
    ;(await client.post('/admin/animations').loginAs(marketer).form({ kind: 'birthday' }).redirects(0)).assertStatus(403)
    ;(await client.get('/admin/animations/NOTANID/edit').loginAs(marketer)).assertStatus(404)
    ;(await client.get('/admin/animations/01ARZ3NDEKTSV4RRFFQ69G5FAV/edit').loginAs(marketer)).assertStatus(404)
    const created = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'welcome' }).redirects(0)
    const publicId = created.header('location')!.match(/([0-9A-Z]{26})/)![1]
    const animation = await Animation.findByOrFail('publicId', publicId)
    const fields = await formFields(animation)
    const huge = await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form({ ...fields, 'name': 'x'.repeat(500), 'texts[email][fr][body]': 'y'.repeat(30_000), 'channels[]': ['fax'] })
    huge.assertStatus(422)
    assert.equal((await Animation.findOrFail(animation.id)).name, animation.name)
  })

  test('a happy hour by its days, times and offer; a referral\'s minimum basket typed in euros', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const created = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'happy_hour' }).redirects(0)
    const publicId = created.header('location')!.match(/([0-9A-Z]{26})/)![1]
    const animation = await Animation.findByOrFail('publicId', publicId)
    const edit = await client.get(`/admin/animations/${publicId}/edit`).loginAs(marketer).header('Accept-Language', 'fr')
    edit.assertTextIncludes('name="params[weekdays][]" value="2" checked')
    edit.assertTextIncludes('{{ offer.hours }}')
    assert.notInclude(edit.text(), 'name="reward_type"')
    const fields = await formFields(animation)
    const wrong = await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form({ ...fields, 'params[weekdays][]': ['1', '3'], 'params[starts_at]': '18:00', 'params[ends_at]': '17:00' })
    wrong.assertStatus(422)
    wrong.assertTextIncludes('La fin doit être après le début.')
    ;(await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form({ ...fields, 'params[weekdays][]': ['1', '8'] })).assertStatus(422)
    ;(await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form({ ...fields, 'params[weekdays][]': [] })).assertStatus(422)
    ;(await client.post(`/admin/animations/${publicId}`).loginAs(marketer).withCsrfToken().form({ ...fields, 'params[weekdays][]': ['5', '6'], 'params[starts_at]': '18:00', 'params[ends_at]': '19:30', 'params[multiplier_pct]': '150' }).redirects(0)).assertStatus(302)
    const params = (await Animation.findOrFail(animation.id)).parsedConfig.params
    assert.deepInclude(params, { weekdays: [5, 6], starts_at: '18:00', ends_at: '19:30', multiplier_pct: 150 })

    const referral = await client.post('/admin/animations').loginAs(marketer).withCsrfToken().form({ kind: 'referral' }).redirects(0)
    const referralId = referral.header('location')!.match(/([0-9A-Z]{26})/)![1]
    const stored = await Animation.findByOrFail('publicId', referralId)
    ;(await client.get(`/admin/animations/${referralId}/edit`).loginAs(marketer)).assertTextIncludes('name="params[min_basket_cents]" value="10"')
    const referralFields = { ...(await formFields(stored)), 'params[min_basket_cents]': '12,50', 'reward_points': '150' }
    ;(await client.post(`/admin/animations/${referralId}`).loginAs(marketer).withCsrfToken().form(referralFields).redirects(0)).assertStatus(302)
    assert.equal((await Animation.findOrFail(stored.id)).parsedConfig.params.min_basket_cents, 1250)
    const nonsense = await client.post(`/admin/animations/${referralId}`).loginAs(marketer).withCsrfToken().form({ ...referralFields, 'params[min_basket_cents]': 'douze' })
    nonsense.assertStatus(422)
    assert.equal((await Animation.findOrFail(stored.id)).parsedConfig.params.min_basket_cents, 1250)
  })
})
