import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DEFAULT_RETENTION, savePrivacySettings, type PrivacySettings } from '#privacy/privacy_settings'
import { dbInstant } from '#shared/db_time'
import { createStore } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'

const settings = (overrides: Partial<PrivacySettings> = {}): PrivacySettings => ({
  controller: { name: 'SARL Les Arts', address: '12 rue des Arts, 69001 Lyon', email: 'vie-privee@arts.test', dpo: 'Claire Martin, dpo@arts.test' },
  retention: { ...DEFAULT_RETENTION },
  processors: [
    { name: 'Brevo', kind: 'email', purpose: 'Envoi des e-mails', country: 'FR', safeguards: null },
    { name: 'Twilio', kind: 'sms', purpose: 'Envoi des SMS', country: 'US', safeguards: 'Clauses contractuelles types' },
  ],
  ...overrides,
})

const resetSettings = async () => {
  await db.from('privacy_settings').where('id', 1).delete()
}

test.group('Privacy notice (/privacy/:store)', (group) => {
  group.each.teardown(() => resetSettings())

  test('complete in French: controller, DPO, every purpose with its basis, recipients, transfers, retention, rights and how, the CNIL complaint, mandatory data', async ({ client, assert }) => {
    await savePrivacySettings(settings())
    const store = await createStore({ name: 'Café des Arts' })
    const page = await client.get(`/privacy/${store.slug}`).header('accept-language', 'fr')
    page.assertStatus(200)
    const text = textOf(page)
    for (const expected of [
      'Politique de confidentialité · Café des Arts',
      'SARL Les Arts',
      '12 rue des Arts, 69001 Lyon',
      'vie-privee@arts.test',
      'Claire Martin, dpo@arts.test',
      'Gestion des clients et adhésion au programme de fidélité',
      'Exécution d\'un contrat (art. 6.1.b RGPD)',
      'Consentement (art. 6.1.a RGPD)',
      'Intérêt légitime (art. 6.1.f RGPD)',
      'Obligation légale (art. 6.1.c RGPD)',
      'Archives comptables des ventes',
      'Brevo (envoi d\'e-mails, France)',
      'Twilio (États-Unis) : Clauses contractuelles types',
      '3 ans après votre dernière activité',
      '10 ans (Code de commerce, art. L123-22)',
      '1 an pour chaque entrée du journal',
      'droit d\'accès',
      'droit de rectification',
      'droit à l\'effacement',
      'droit à la limitation',
      'droit d\'opposition',
      'droit à la portabilité',
      'retirer votre consentement',
      'Données obligatoires ou facultatives',
    ]) {
      assert.include(text, expected)
    }
    assert.include(page.text(), 'href="https://www.cnil.fr/fr/plaintes"')
    assert.include(page.text(), 'href="/portal"')
    assert.include(page.text(), 'href="mailto:vie-privee@arts.test"')
    assert.include(page.text(), '<html lang="fr">')
    assert.notInclude(text, 'translation missing')
  })

  test('in English from the browser or ?lang=en, with a switch to the other language', async ({ client, assert }) => {
    await savePrivacySettings(settings())
    const store = await createStore({ name: 'Café des Arts' })
    for (const request of [client.get(`/privacy/${store.slug}`).header('accept-language', 'en'), client.get(`/privacy/${store.slug}?lang=en`).header('accept-language', 'fr')]) {
      const page = await request
      page.assertStatus(200)
      const text = textOf(page)
      assert.include(text, 'Privacy notice · Café des Arts')
      assert.include(text, 'Performance of a contract (GDPR art. 6(1)(b))')
      assert.include(text, 'Twilio (United States): Clauses contractuelles types')
      assert.include(text, '3 years after your last activity')
      assert.include(text, 'right to data portability')
      assert.include(text, 'lodge a complaint with the CNIL')
      assert.include(page.text(), '<html lang="en">')
      assert.include(page.text(), `href="/privacy/${store.slug}?lang=fr"`)
      assert.notInclude(text, 'translation missing')
    }
  })

  test('without saved settings the defaults still fill every mandatory item; with no processor abroad the notice says there is no transfer', async ({ client, assert }) => {
    const store = await createStore()
    const page = await client.get(`/privacy/${store.slug}`)
    page.assertStatus(200)
    const text = textOf(page)
    assert.include(text, 'pas de délégué à la protection des données désigné : écrivez à bonjour@cafe.test')
    assert.include(text, 'Aucun : tous nos prestataires sont établis dans l\'Espace économique européen.')
    assert.notInclude(text, 'translation missing')
  })

  test('an unknown, archived or hostile store is a 404 page, never an error', async ({ client }) => {
    const archived = await createStore()
    await db.from('stores').where('id', archived.id).update({ archived_at: dbInstant(new Date(), db.connection().dialect.name) })
    for (const slug of ['nope-nope', archived.slug, '..%2F..%2Fetc', '%3Cscript%3E', 'x'.repeat(300)]) {
      ;(await client.get(`/privacy/${slug}`)).assertStatus(404)
    }
    ;(await client.get('/privacy/nope-nope?lang=en')).assertTextIncludes('This store does not exist')
    ;(await client.get('/privacy/nope-nope?lang=xx')).assertStatus(404)
  })

  test('names typed by the owner are shown as text, never as markup', async ({ client, assert }) => {
    const hostile = '<script>alert(1)</script>'
    await savePrivacySettings(
      settings({
        controller: { name: `SARL ${hostile}`, address: '<img src=x onerror=alert(1)>', email: 'vie-privee@arts.test', dpo: null },
        processors: [{ name: `Evil ${hostile}`, kind: 'other', purpose: '"><svg onload=alert(1)>', country: 'US', safeguards: `<b>SCC</b>` }],
      })
    )
    const store = await createStore({ name: `Store ${hostile}` })
    const page = await client.get(`/privacy/${store.slug}`)
    page.assertStatus(200)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.notInclude(page.text(), '<img src=x')
    assert.notInclude(page.text(), '<svg onload')
    assert.notInclude(page.text(), '<b>SCC</b>')
    assert.include(textOf(page), `SARL ${hostile}`)
  })

  test('/privacy leads to the default store notice; the join page links to the notice above its button, the portal sign-in page in its footer', async ({ client, assert }) => {
    const defaultStore = await db.from('stores').whereNull('archived_at').orderBy('is_default', 'desc').orderBy('id').first()
    const redirect = await client.get('/privacy').redirects(0)
    redirect.assertStatus(302)
    assert.equal(redirect.header('location'), `/privacy/${defaultStore.slug}`)

    const store = await createStore()
    const join = await client.get(`/join/${store.slug}`)
    join.assertStatus(200)
    const link = join.text().indexOf(`href="/privacy/${store.slug}"`)
    assert.isAbove(link, -1)
    assert.isBelow(link, join.text().indexOf('type="submit"'))
    const signIn = await client.get('/portal/sign-in')
    signIn.assertStatus(200)
    assert.include(signIn.text(), 'href="/privacy"')
    assert.include(textOf(signIn), 'Politique de confidentialité')
  })
})
