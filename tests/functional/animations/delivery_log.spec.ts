import { test } from '@japa/runner'
import { PRESETS } from '#animations/presets'
import { createStaff, createStore } from '#tests/helpers/factories'
import { createAnimation, customerWith, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

test.group('The delivery log (/admin/deliveries)', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('sent and not sent messages with their reason, filtered; no address shown; bad filters are ignored', async ({ client, assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, PRESETS.birthday_before.texts)
    const reached = await customerWith(store, { firstName: 'Salomé', birthDay: 8, birthMonth: 11 })
    await tickAndSend('2026-11-08T10:00:00Z')
    // Consent withdrawn after the pass selected her: the message is not sent, and the log says why.
    const withdrawn = await customerWith(store, { firstName: 'Basile', birthDay: 9, birthMonth: 11 })
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { runAnimationsTick } = await import('#animations/tick')
    await runAnimationsTick(new Date('2026-11-09T10:00:00Z'))
    await db.from('customers').where('id', withdrawn.id).update({ email_marketing: false })
    await tickAndSend('2026-11-09T10:01:00Z')

    const marketer = await createStaff('marketer')
    const page = await client.get('/admin/deliveries').loginAs(marketer).header('Accept-Language', 'fr')
    page.assertStatus(200)
    page.assertTextIncludes('Salomé')
    page.assertTextIncludes('Envoyé\n')
    page.assertTextIncludes('Non envoyé')
    page.assertTextIncludes('pas de consentement')
    assert.notInclude(page.text(), reached.email!)
    const skipped = await client.get('/admin/deliveries').qs({ status: 'skipped', channel: 'email' }).loginAs(marketer).header('Accept-Language', 'en')
    skipped.assertTextIncludes('Basile')
    skipped.assertTextIncludes('no consent')
    assert.notInclude(skipped.text(), 'Salomé')
    const hostile = await client.get('/admin/deliveries').qs({ status: '<script>', channel: 'fax', before: "1' OR 1=1" }).loginAs(marketer)
    hostile.assertStatus(200)
    assert.notInclude(hostile.text(), '<script>')
  })
})
