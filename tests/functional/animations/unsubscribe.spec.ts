import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { createStore } from '#tests/helpers/factories'
import { mailsTo, rawHeader, unsubscribeLinkOf } from '#tests/helpers/smtp_sink'
import { createAnimation, customerWith, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

/** A customer who received one marketing e-mail, and its unsubscribe link. */
async function customerWithLink(day: number) {
  const store = await createStore({ name: 'Le Fournil' })
  await createAnimation(store, 'birthday', { reward: null }, PRESETS.birthday_before.texts)
  const customer = await customerWith(store, { birthDay: day, birthMonth: 8, email: `Marie.Dupont.${Date.now()}${day}@example.test` })
  await tickAndSend(`2026-08-${String(day).padStart(2, '0')}T09:00:00Z`)
  const [mail] = mailsTo(customer.email!)
  const link = unsubscribeLinkOf(mail)
  return { customer, mail, path: new URL(link).pathname }
}

test.group('Unsubscribe links (/u/:token)', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('every marketing e-mail has RFC 8058 headers, a plain-text part and the footer with the link', async ({ assert }) => {
    const { mail, path } = await customerWithLink(1)
    assert.match(path, /^\/u\/[A-Za-z0-9_-]{22}$/)
    assert.equal(rawHeader(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')
    assert.include(mail.parsed.text!, `Se désinscrire de ces e-mails http`)
    assert.include(mail.parsed.text!, path)
    assert.include(mail.parsed.html as string, path)
    assert.include(mail.parsed.text!, 'Vous recevez ce message car vous êtes membre du programme de fidélité de Le Fournil')
  })

  test('GET shows what would happen and changes nothing; the button unsubscribes, once', async ({ client, assert }) => {
    const { customer, path } = await customerWithLink(2)
    const page = await client.get(path)
    page.assertStatus(200)
    page.assertTextIncludes('Ne plus recevoir les e-mails de Le Fournil')
    assert.match(page.text(), /m…\d@example\.test/i)
    assert.notInclude(page.text(), customer.email!)
    assert.isTrue(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))

    const done = await client.post(path)
    done.assertStatus(200)
    done.assertTextIncludes('est fait : Le Fournil')
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))
    await client.post(path)
    const records = await db.from('consent_records').where('customer_id', customer.id).where('decision', 'withdrawn')
    assert.lengthOf(records, 1)
    const again = await client.get(path)
    again.assertTextIncludes('ne reçoit déjà plus')
  })

  test('the page speaks the customer\'s language; unknown or malformed tokens are a calm 404', async ({ client, assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, PRESETS.birthday_before.texts)
    const customer = await customerWith(store, { birthDay: 3, birthMonth: 8, locale: 'en' })
    await tickAndSend('2026-08-03T09:00:00Z')
    const [mail] = mailsTo(customer.email!)
    assert.equal(mail.parsed.subject, `Your birthday is coming, ${customer.firstName}`)
    const path = new URL(unsubscribeLinkOf(mail)).pathname
    ;(await client.get(path)).assertTextIncludes('Stop receiving e-mails from')

    for (const bad of ['/u/AAAAAAAAAAAAAAAAAAAAAA', '/u/short', `/u/${'x'.repeat(5000)}`, "/u/'%20OR%201=1--aaaaaaaaaaa"]) {
      const get = await client.get(bad)
      assert.equal(get.status(), 404, bad)
      const post = await client.post(bad)
      assert.oneOf(post.status(), [403, 404], bad)
    }
  })
})
