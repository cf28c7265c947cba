import { test } from '@japa/runner'
import { defaultProcessors } from '#privacy/settings/default_processors'
import { validatePrivacySettings, DEFAULT_RETENTION } from '#privacy/privacy_settings'

const valid = (processors: unknown[]) =>
  validatePrivacySettings.tryValidate({ controller: { name: 'X', address: 'Y', email: 'x@example.test', dpo: null }, retention: DEFAULT_RETENTION, processors })

test.group('Default processors from the environment (Art. 28)', () => {
  test('the SMTP relay, the SMS gateway and a managed database become suggested processors, with their country', ({ assert }) => {
    const processors = defaultProcessors({ SMTP_HOST: 'smtp-relay.brevo.com', SMS_DRIVER: 'twilio', DB_CONNECTION: 'pg', DATABASE_URL: 'postgres://u:p@db-1.rds.amazonaws.com:5432/shop' }, 'FR')
    assert.deepEqual(
      processors.map(({ name, kind, country }) => ({ name, kind, country })),
      [
        { name: 'Brevo (Sendinblue SAS)', kind: 'email', country: 'FR' },
        { name: 'Twilio', kind: 'sms', country: 'US' },
        { name: 'Amazon Web Services', kind: 'hosting', country: 'US' },
      ]
    )
    assert.isNull(processors[0].safeguards)
    assert.isAbove(processors[1].safeguards!.length, 0)
  })

  test('hosts on this machine or its private network are not processors; an unknown host is named by its host', ({ assert }) => {
    for (const host of ['127.0.0.1', 'localhost', 'mailpit', '10.0.0.5', '192.168.1.20', '::1', 'smtp.local']) {
      assert.deepEqual(defaultProcessors({ SMTP_HOST: host, SMS_DRIVER: 'dev' }, 'FR'), [], host)
    }
    assert.deepEqual(defaultProcessors({ DB_CONNECTION: 'sqlite', DATABASE_URL: 'postgres://db.example.net/x' }, 'FR'), [])
    const [unknown] = defaultProcessors({ SMTP_HOST: 'mail.example.net' }, 'BE')
    assert.deepInclude(unknown, { name: 'mail.example.net', kind: 'email', country: 'BE', safeguards: null })
  })

  test('every suggestion passes the settings validation as it is', async ({ assert }) => {
    const processors = defaultProcessors({ SMTP_HOST: 'smtp.sendgrid.net', SMS_DRIVER: 'brevo', DB_CONNECTION: 'pg', DATABASE_URL: 'postgres://x.scw.cloud/db' }, 'FR')
    assert.lengthOf(processors, 3)
    const [error] = await valid(processors)
    assert.isNull(error)
  })

  test('a processor outside the EEA without safeguards is refused; inside the EEA none are needed', async ({ assert }) => {
    const [refused] = await valid([{ name: 'A', purpose: 'B', country: 'US', safeguards: null, kind: 'email' }])
    assert.deepEqual(refused!.messages.map((message: { field: string }) => message.field), ['processors.0.safeguards'])
    const [blank] = await valid([{ name: 'A', purpose: 'B', country: 'us', safeguards: '  ', kind: 'email' }])
    assert.isNotNull(blank)
    const [fine] = await valid([{ name: 'A', purpose: 'B', country: 'NO', safeguards: null, kind: 'email' }])
    assert.isNull(fine)
    const [malformed] = await valid([{ name: 'A', purpose: 'B', country: 'France', safeguards: null, kind: 'email' }])
    assert.deepEqual(malformed!.messages.map((message: { field: string }) => message.field), ['processors.0.country'])
  })
})
