import { test } from '@japa/runner'
import { DEFAULT_SETTINGS, loadMessagingSettings, saveMessagingSettings } from '#messaging/messaging_settings'
import { createStaff } from '#tests/helpers/factories'

test.group('Sending rules (/admin/messaging/settings)', (group) => {
  group.each.teardown(() => saveMessagingSettings(DEFAULT_SETTINGS))

  test('the owner sees the French defaults and changes them; every guard then uses the new rules', async ({ client, assert }) => {
    await saveMessagingSettings(DEFAULT_SETTINGS)
    const owner = await createStaff('owner')
    const page = await client.get('/admin/messaging/settings').loginAs(owner).header('Accept-Language', 'fr')
    page.assertStatus(200)
    page.assertTextIncludes('du lundi au samedi, de 8 h à 20 h')
    const saved = await client
      .post('/admin/messaging/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form({ 'cap_count': '3', 'cap_days': '10', 'sms_days[]': ['1', '2', '3', '4', '5'], 'sms_start': '09:00', 'sms_end': '19:00', 'skip_holidays': 'on', 'sms_sender': 'CAFEARTS', 'quiet_start': '22:00', 'quiet_end': '07:30' })
      .redirects(0)
    saved.assertStatus(302)
    assert.deepEqual(await loadMessagingSettings(), {
      frequency_cap: { count: 3, days: 10 },
      quiet_hours: null,
      sms_window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '19:00', skip_public_holidays: true },
      sms_sender: 'CAFEARTS',
    })
    ;(await client.get('/admin/messaging/settings').loginAs(owner).header('Accept-Language', 'en')).assertTextIncludes('Sending rules')
  })

  test('bad figures, no day, a sender with spaces: 422 with the reasons, nothing changed', async ({ client, assert }) => {
    await saveMessagingSettings(DEFAULT_SETTINGS)
    const owner = await createStaff('owner')
    const refused = await client
      .post('/admin/messaging/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form({ cap_count: '0', cap_days: 'x'.repeat(50), quiet: 'on', quiet_start: '25:00', quiet_end: '07:00', sms_start: '08:00', sms_end: '20:00', sms_sender: 'Le Café <b>' })
    refused.assertStatus(422)
    refused.assertTextIncludes('Nombre de messages : de 1 à 50')
    refused.assertTextIncludes('au moins un jour')
    refused.assertTextIncludes('sans espace')
    assert.deepEqual(await loadMessagingSettings(), DEFAULT_SETTINGS)
  })
})
