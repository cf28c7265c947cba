import { test } from '@japa/runner'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import db from '@adonisjs/lucid/services/db'
import { BrevoSmsDriver } from '#messaging/transports/sms/brevo_sms_driver'
import { TwilioSmsDriver } from '#messaging/transports/sms/twilio_sms_driver'
import { SmsRejected } from '#messaging/transports/sms/sms_driver'
import { twilioSignature } from '#messaging/sms_webhooks_controller'
import { appUrl } from '#config/app'
import { createStore } from '#tests/helpers/factories'
import { customerWith } from './animation_helpers.js'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A local HTTP server standing for the provider: records each request, answers what the test says. */
async function fakeProvider(answer: (seen: Seen) => { status: number; body: object }) {
  const seen: Seen[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const entry = { method: request.method!, url: request.url!, headers: request.headers, body }
      seen.push(entry)
      const { status, body: reply } = answer(entry)
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return { seen, baseUrl: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(resolve)) }
}

const sms = { to: '+33612345678', text: 'Le Fournil : Bonjour Marie ! €5 offerts\nSTOP SMS : répondez STOP', sender: 'LEFOURNIL', reference: '01J0000000000000000000000A' }

test.group('SMS providers: the requests our drivers send', () => {
  test('Brevo: POST /v3/transactionalSMS/send with the api-key header and a marketing SMS body', async ({ assert }) => {
    const provider = await fakeProvider(() => ({ status: 201, body: { messageId: 1511882900176220, reference: 'ab1cde2fgh3i4jklmno' } }))
    try {
      const driver = new BrevoSmsDriver({ apiKey: 'xkeysib-test', baseUrl: provider.baseUrl })
      assert.deepEqual(await driver.send(sms), { providerId: '1511882900176220' })
      const [request] = provider.seen
      assert.equal(request.method, 'POST')
      assert.equal(request.url, '/v3/transactionalSMS/send')
      assert.equal(request.headers['api-key'], 'xkeysib-test')
      assert.equal(request.headers['content-type'], 'application/json')
      assert.deepEqual(JSON.parse(request.body), { sender: 'LEFOURNIL', recipient: '33612345678', content: sms.text, type: 'marketing', tag: sms.reference, unicodeEnabled: false })
    } finally {
      await provider.close()
    }
  })

  test('Twilio: form-encoded POST to the account Messages resource, basic auth, the sid back', async ({ assert }) => {
    const provider = await fakeProvider(() => ({ status: 201, body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' } }))
    try {
      const driver = new TwilioSmsDriver({ accountSid: 'AC123', authToken: 'secret', from: null, messagingServiceSid: 'MG456', baseUrl: provider.baseUrl })
      assert.deepEqual(await driver.send(sms), { providerId: 'SM0123456789abcdef0123456789abcdef' })
      const [request] = provider.seen
      assert.equal(request.url, '/2010-04-01/Accounts/AC123/Messages.json')
      assert.equal(request.headers.authorization, `Basic ${Buffer.from('AC123:secret').toString('base64')}`)
      assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded')
      const form = new URLSearchParams(request.body)
      assert.deepEqual(Object.fromEntries(form), { To: '+33612345678', Body: sms.text, MessagingServiceSid: 'MG456' })
    } finally {
      await provider.close()
    }
  })

  test('a 4xx is a refusal for good; a 5xx is an error to retry', async ({ assert }) => {
    let status = 400
    const provider = await fakeProvider(() => ({ status, body: { code: 'invalid_parameter', message: 'Invalid phone number' } }))
    try {
      const driver = new BrevoSmsDriver({ apiKey: 'k', baseUrl: provider.baseUrl })
      await assert.rejects(() => driver.send(sms), SmsRejected as any)
      status = 503
      try {
        await driver.send(sms)
        assert.fail('a 503 must throw')
      } catch (error) {
        assert.notInstanceOf(error, SmsRejected)
      }
    } finally {
      await provider.close()
    }
  })
})

test.group('SMS replies: STOP withdraws SMS consent', () => {
  test('a Twilio webhook with a valid signature unsubscribes; a bad signature changes nothing', async ({ client, assert }) => {
    process.env.TWILIO_AUTH_TOKEN = 'twilio-test-token'
    const store = await createStore()
    const customer = await customerWith(store)
    const params = { From: customer.phoneE164!, Body: 'Stop', MessageSid: 'SM1' }
    const forged = await client.post('/webhooks/sms/twilio').form(params).header('x-twilio-signature', 'forged')
    forged.assertStatus(403)
    assert.isTrue(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).sms_marketing))
    const signature = twilioSignature('twilio-test-token', `${appUrl}/webhooks/sms/twilio`, params)
    const signed = await client.post('/webhooks/sms/twilio').form(params).header('x-twilio-signature', signature)
    signed.assertStatus(200)
    assert.include(signed.text(), '<Response>')
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).sms_marketing))
    const record = await db.from('consent_records').where('customer_id', customer.id).where('purpose', 'sms_marketing').where('decision', 'withdrawn').firstOrFail()
    assert.equal(record.source, 'sms_stop')
  })

  test('a Brevo reply needs the shared key; other words than STOP change nothing', async ({ client, assert }) => {
    process.env.SMS_WEBHOOK_SECRET = 'brevo-shared-secret'
    const store = await createStore()
    const customer = await customerWith(store)
    const from = customer.phoneE164!.replace('+', '')
    ;(await client.post('/webhooks/sms/brevo?key=wrong').json({ from, reply: 'STOP' })).assertStatus(403)
    ;(await client.post('/webhooks/sms/brevo?key=brevo-shared-secret').json({ from, reply: 'Merci, à samedi !' })).assertStatus(204)
    assert.isTrue(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).sms_marketing))
    ;(await client.post('/webhooks/sms/brevo?key=brevo-shared-secret').json({ from })).assertStatus(422)
    ;(await client.post('/webhooks/sms/brevo?key=brevo-shared-secret').json({ from, reply: 'ARRÊT' })).assertStatus(204)
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).sms_marketing))
  })
})
