import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { createStaff, createStore } from '#tests/helpers/factories'
import { createAnimation, customerWith, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

test.group('The development outbox (/admin/outbox)', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('an SMS sent by the development driver is listed and shown, escaped, in both languages', async ({ client, assert }) => {
    const store = await createStore({ name: 'Chez <Lou>' })
    await createAnimation(store, 'birthday', { reward: null, channels: ['sms'] }, PRESETS.birthday_before.texts)
    const customer = await customerWith(store, { birthDay: 30, birthMonth: 11 })
    await tickAndSend('2026-11-30T10:00:00Z')
    const message = await db.from('dev_messages').where('recipient', customer.phoneE164!).firstOrFail()
    const marketer = await createStaff('marketer')
    const list = await client.get('/admin/outbox').loginAs(marketer).header('Accept-Language', 'fr')
    list.assertStatus(200)
    list.assertTextIncludes('Messages envoyés (développement)')
    list.assertTextIncludes(customer.phoneE164!)
    const shown = await client.get(`/admin/outbox/${message.id}`).loginAs(marketer).header('Accept-Language', 'en')
    shown.assertStatus(200)
    shown.assertTextIncludes('Chez &lt;Lou&gt; : Votre anniversaire approche')
    shown.assertTextIncludes('Text version')
    assert.notInclude(shown.text(), 'Chez <Lou>')
    ;(await client.get('/admin/outbox/999999999').loginAs(marketer)).assertStatus(404)
    ;(await client.get('/admin/outbox/abc').loginAs(marketer)).assertStatus(404)
  })
})
