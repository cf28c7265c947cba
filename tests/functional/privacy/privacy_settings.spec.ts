import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DEFAULT_RETENTION, loadPrivacySettings, privacySettingsSavedAt, savePrivacySettings } from '#privacy/privacy_settings'
import { createStaff } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'

/** The form as the page posts it, with one processor row filled and the blank rows left empty. */
function form(overrides: Record<string, string> = {}) {
  return {
    'controller_name': 'SARL Les Arts',
    'controller_address': '12 rue des Arts, 69001 Lyon',
    'controller_email': 'vie-privee@arts.test',
    'dpo': 'Claire Martin, dpo@arts.test',
    'retention[prospects_months]': '24',
    'retention[members_months]': '30',
    'retention[portal_inactive_months]': '18',
    'retention[audit_log_months]': '9',
    'retention[request_months]': '40',
    'retention[suppression_months]': '48',
    'processors[0][name]': 'Brevo',
    'processors[0][kind]': 'email',
    'processors[0][purpose]': 'Envoi des e-mails',
    'processors[0][country]': 'FR',
    'processors[0][safeguards]': '',
    'processors[1][name]': '',
    'processors[1][kind]': 'other',
    'processors[1][purpose]': '',
    'processors[1][country]': '',
    'processors[1][safeguards]': '',
    ...overrides,
  }
}

const auditRows = (action: string) => db.from('audit_logs').where('action', action).count('* as total').first()

test.group('Privacy settings (/admin/privacy/settings)', (group) => {
  group.each.teardown(async () => {
    await db.from('privacy_settings').where('id', 1).delete()
  })

  test('the owner sees the defaults to check, saves them; blank rows are no processor; the change is audited without contact details', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const page = await client.get('/admin/privacy/settings').loginAs(owner)
    page.assertStatus(200)
    page.assertTextIncludes('Ces valeurs sont des propositions')
    assert.include(page.text(), `value="${DEFAULT_RETENTION.members_months}"`)
    assert.include(page.text(), 'href="/admin/privacy"')
    assert.include(page.text(), 'aria-current="page"')
    for (const id of ['controller_name', 'controller_email', 'retention_members_months', 'processors_0_name', 'processors_0_country']) assert.include(page.text(), `<label for="${id}"`)
    const before = Number((await auditRows('privacy.settings_changed'))!.total)

    const saved = await client.post('/admin/privacy/settings').loginAs(owner).withCsrfToken().form(form()).redirects(0)
    saved.assertStatus(302)
    assert.equal(saved.header('location'), '/admin/privacy/settings')
    assert.deepEqual(await loadPrivacySettings(), {
      controller: { name: 'SARL Les Arts', address: '12 rue des Arts, 69001 Lyon', email: 'vie-privee@arts.test', dpo: 'Claire Martin, dpo@arts.test' },
      retention: { prospects_months: 24, members_months: 30, portal_inactive_months: 18, audit_log_months: 9, request_months: 40, suppression_months: 48 },
      processors: [{ name: 'Brevo', kind: 'email', purpose: 'Envoi des e-mails', country: 'FR', safeguards: null }],
    })
    assert.isNotNull(await privacySettingsSavedAt())
    assert.equal(Number((await auditRows('privacy.settings_changed'))!.total), before + 1)
    const row = await db.from('audit_logs').where('action', 'privacy.settings_changed').orderBy('id', 'desc').first()
    assert.equal(row.staff_member_id, owner.id)
    assert.notInclude(row.details, 'vie-privee@arts.test')
    assert.notInclude(row.details, 'Claire Martin')
    assert.deepEqual(JSON.parse(row.details).processors, ['Brevo'])

    const english = await client.get('/admin/privacy/settings').loginAs(owner).header('accept-language', 'en')
    english.assertTextIncludes('Privacy settings')
    assert.include(english.text(), 'value="30"')
    assert.notInclude(english.text(), 'These values are suggestions')
  })

  test('a processor is removed with its box; one outside the EEA needs its safeguards', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    await savePrivacySettings({
      ...(await loadPrivacySettings()),
      processors: [
        { name: 'Brevo', kind: 'email', purpose: 'E-mails', country: 'FR', safeguards: null },
        { name: 'OVHcloud', kind: 'hosting', purpose: 'Hébergement', country: 'FR', safeguards: null },
      ],
    })
    const page = await client.get('/admin/privacy/settings').loginAs(owner)
    assert.include(page.text(), 'name="processors[1][remove]"')
    // Three blank rows after the two processors.
    assert.include(page.text(), 'name="processors[4][name]"')
    assert.notInclude(page.text(), 'name="processors[5][name]"')

    const removed = await client
      .post('/admin/privacy/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form(form({ 'processors[0][remove]': 'on', 'processors[1][name]': 'Twilio', 'processors[1][kind]': 'sms', 'processors[1][purpose]': 'SMS', 'processors[1][country]': 'US' }))
    removed.assertStatus(422)
    removed.assertTextIncludes('Sous-traitant 2 : établi hors de l')
    assert.include(removed.text(), 'id="processors_1_safeguards" name="processors[1][safeguards]" value=""')
    assert.include(removed.text(), 'aria-invalid="true" aria-describedby="processors_1_safeguards-error"')
    assert.lengthOf((await loadPrivacySettings()).processors, 2)

    const saved = await client
      .post('/admin/privacy/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form(form({ 'processors[0][remove]': 'on', 'processors[1][name]': 'Twilio', 'processors[1][kind]': 'sms', 'processors[1][purpose]': 'SMS', 'processors[1][country]': 'us', 'processors[1][safeguards]': 'Clauses contractuelles types' }))
      .redirects(0)
    saved.assertStatus(302)
    assert.deepEqual((await loadPrivacySettings()).processors, [{ name: 'Twilio', kind: 'sms', purpose: 'SMS', country: 'US', safeguards: 'Clauses contractuelles types' }])
  })

  test('bad input (oversized, malformed, out of range, hostile HTML): 422 with each field named, what was typed shown back as text, nothing changed', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const hostile = '<script>alert("x")</script>'
    const refused = await client
      .post('/admin/privacy/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form(
        form({
          'controller_name': hostile + 'x'.repeat(300),
          'controller_address': '',
          'controller_email': 'not-an-address',
          'retention[members_months]': '61',
          'retention[audit_log_months]': 'douze',
          'retention[suppression_months]': '12',
          'retention[prospects_months]': '2.5',
          'processors[0][country]': 'France',
          'processors[0][kind]': 'spaceship',
          'processors[0][purpose]': 'p'.repeat(201),
        })
      )
    refused.assertStatus(422)
    const text = textOf(refused)
    for (const message of [
      'Nom du responsable : de 1 à 200 caractères.',
      'Adresse : de 1 à 300 caractères.',
      'E-mail de contact : une adresse valable.',
      'Membres : un nombre entier de mois, de 1 à 60.',
      'Journal : un nombre entier de mois, de 6 à 36.',
      'Liste d\'opposition : un nombre entier de mois, de 36 à 120.',
      'Personnes n\'ayant jamais acheté : un nombre entier de mois, de 1 à 60.',
      'Sous-traitant 1 : choisissez le pays.',
      'Sous-traitant 1 : choisissez le service.',
      'Sous-traitant 1 : indiquez ce qu\'il fait',
    ]) {
      assert.include(text, message)
    }
    assert.notInclude(refused.text(), '<script>alert')
    assert.include(text, hostile)
    assert.include(refused.text(), 'value="douze"')
    assert.isNull(await db.from('privacy_settings').where('id', 1).first())

    const tooMany: Record<string, string> = {}
    for (let index = 0; index < 23; index++) {
      Object.assign(tooMany, { [`processors[${index}][name]`]: `P${index}`, [`processors[${index}][kind]`]: 'other', [`processors[${index}][purpose]`]: 'x', [`processors[${index}][country]`]: 'FR' })
    }
    const crowded = await client.post('/admin/privacy/settings').loginAs(owner).withCsrfToken().form(form(tooMany))
    crowded.assertStatus(422)
    crowded.assertTextIncludes('20 sous-traitants au plus.')
    assert.isNull(await db.from('privacy_settings').where('id', 1).first())

    const english = await client.post('/admin/privacy/settings').loginAs(owner).withCsrfToken().header('accept-language', 'en').form(form({ controller_email: '' }))
    english.assertStatus(422)
    english.assertTextIncludes('Contact e-mail: a valid address.')
  })

  test('marketers and cashiers get 403, signed-out visitors the sign-in page; a post without its CSRF token changes nothing', async ({ client, assert }) => {
    for (const role of ['marketer', 'cashier'] as const) {
      const member = await createStaff(role)
      ;(await client.get('/admin/privacy/settings').loginAs(member)).assertStatus(403)
      ;(await client.post('/admin/privacy/settings').loginAs(member).withCsrfToken().form(form())).assertStatus(403)
    }
    const anonymous = await client.get('/admin/privacy/settings').redirects(0)
    anonymous.assertStatus(302)
    assert.equal(anonymous.header('location'), '/sign-in')
    const owner = await createStaff('owner')
    ;(await client.post('/admin/privacy/settings').loginAs(owner).form(form())).assertStatus(403)
    assert.isNull(await db.from('privacy_settings').where('id', 1).first())
  })
})
