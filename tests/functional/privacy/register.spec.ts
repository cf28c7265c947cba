import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { parse } from 'csv-parse/sync'
import { DEFAULT_RETENTION, savePrivacySettings, type PrivacySettings } from '#privacy/privacy_settings'
import { ACTIVITY_KEYS } from '#privacy/register/processing_activities'
import { createStaff, createStore } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'

const base: PrivacySettings = {
  controller: { name: 'SARL Les Arts', address: '12 rue des Arts, 69001 Lyon', email: 'vie-privee@arts.test', dpo: null },
  retention: { ...DEFAULT_RETENTION },
  processors: [{ name: 'OVHcloud', kind: 'hosting', purpose: 'Hébergement', country: 'FR', safeguards: null }],
}

const csvRows = (text: string) => parse(text.replace(/^\ufeff/, ''), { delimiter: ';' }) as string[][]

test.group('Register of processing (/admin/privacy/register)', (group) => {
  group.each.teardown(async () => {
    await db.from('privacy_settings').where('id', 1).delete()
  })

  test('the page, the CSV and the JSON list every activity with all Art. 30 items, in French and English; downloads are audited', async ({ client, assert }) => {
    await savePrivacySettings(base)
    const owner = await createStaff('owner')
    const page = await client.get('/admin/privacy/register').loginAs(owner)
    page.assertStatus(200)
    const text = textOf(page)
    for (const heading of ['Finalité', 'Base légale', 'Personnes concernées', 'Catégories de données', 'Destinataires', 'Transferts hors EEE', 'Durées de conservation', 'Mesures de sécurité']) {
      assert.include(text, `<th scope="row">${heading}</th>`)
    }
    assert.include(text, 'Archives comptables des ventes')
    assert.include(text, 'OVHcloud (hébergement, France)')
    assert.include(page.text(), 'href="/admin/privacy/register.csv?lang=en"')
    ;(await client.get('/admin/privacy/register?lang=en').loginAs(owner)).assertTextIncludes('Record of processing activities (article 30)')

    const before = Number((await db.from('audit_logs').where('action', 'privacy.register_exported').count('* as total').first())!.total)
    const csv = await client.get('/admin/privacy/register.csv?lang=fr').loginAs(owner)
    csv.assertStatus(200)
    assert.match(csv.header('content-type')!, /text\/csv/)
    assert.include(csv.header('content-disposition')!, 'registre_traitements_fr.csv')
    assert.isTrue(csv.text().startsWith('\ufeff'))
    const rows = csvRows(csv.text())
    assert.deepEqual(rows[0].slice(0, 4), ['code', 'traitement', 'finalité', 'base légale'])
    assert.deepEqual(rows.slice(1).map((row) => row[0]), [...ACTIVITY_KEYS])
    for (const row of rows.slice(1)) for (const cell of row) assert.isAbove(cell.trim().length, 0, `empty cell in ${row[0]}`)

    const json = await client.get('/admin/privacy/register.json?lang=en').loginAs(owner)
    json.assertStatus(200)
    const body = json.body()
    assert.equal(body.locale, 'en')
    assert.equal(body.controller.name, 'SARL Les Arts')
    assert.deepEqual(body.activities.map((activity: { code: string }) => activity.code), [...ACTIVITY_KEYS])
    assert.deepEqual(body.activities[0].legal_bases, [{ code: 'contract', label: 'Performance of a contract (GDPR art. 6(1)(b))' }])
    assert.deepEqual(body.processors, [{ name: 'OVHcloud', service: 'hosting', purpose: 'Hébergement', country: 'FR', outside_eea: false, safeguards: null }])
    assert.equal(Number((await db.from('audit_logs').where('action', 'privacy.register_exported').count('* as total').first())!.total), before + 2)
  })

  test('change the retention and the processors: the notice (fr, en), the register page, CSV and JSON show exactly the new values, nothing stale', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore({ name: 'Café Cohérent' })
    await savePrivacySettings({
      ...base,
      processors: [
        { name: 'AncienRoutage', kind: 'email', purpose: 'E-mails', country: 'FR', safeguards: null },
        { name: 'AncienSms', kind: 'sms', purpose: 'SMS', country: 'US', safeguards: 'Anciennes clauses' },
      ],
    })
    const old = textOf(await client.get(`/privacy/${store.slug}`))
    assert.include(old, 'AncienRoutage')
    assert.include(old, '3 ans après votre dernière activité')

    const saved = await client
      .post('/admin/privacy/settings')
      .loginAs(owner)
      .withCsrfToken()
      .form({
        'controller_name': 'SARL Les Arts',
        'controller_address': '12 rue des Arts, 69001 Lyon',
        'controller_email': 'vie-privee@arts.test',
        'dpo': '',
        'retention[prospects_months]': '14',
        'retention[members_months]': '30',
        'retention[portal_inactive_months]': '20',
        'retention[audit_log_months]': '9',
        'retention[request_months]': '18',
        'retention[suppression_months]': '40',
        'processors[0][name]': 'AncienRoutage',
        'processors[0][remove]': 'on',
        'processors[0][kind]': 'email',
        'processors[0][purpose]': 'E-mails',
        'processors[0][country]': 'FR',
        'processors[1][name]': 'AncienSms',
        'processors[1][remove]': 'on',
        'processors[1][kind]': 'sms',
        'processors[1][purpose]': 'SMS',
        'processors[1][country]': 'US',
        'processors[1][safeguards]': 'Anciennes clauses',
        'processors[2][name]': 'NouveauRoutage',
        'processors[2][kind]': 'email',
        'processors[2][purpose]': 'Envoi des e-mails',
        'processors[2][country]': 'DE',
        'processors[3][name]': 'NouvelHébergeur',
        'processors[3][kind]': 'hosting',
        'processors[3][purpose]': 'Serveurs',
        'processors[3][country]': 'CA',
        'processors[3][safeguards]': 'Décision d\'adéquation (Canada)',
      })
      .redirects(0)
    saved.assertStatus(302)

    const expectations = {
      fr: {
        fresh: ['14 mois après le dernier contact', '30 mois après votre dernière activité', 'au plus 30 mois après votre dernière activité', 'après 20 mois sans utilisation', '9 mois pour chaque entrée du journal', '18 mois après la clôture', 'liste d\'opposition : 40 mois', 'NouveauRoutage (envoi d\'e-mails, Allemagne)', 'NouvelHébergeur (Canada) : Décision d\'adéquation (Canada)', '10 ans (Code de commerce'],
        stale: ['3 ans', '36 mois', '2 ans', '1 an ', 'AncienRoutage', 'AncienSms', 'Anciennes clauses'],
      },
      en: {
        fresh: ['14 months after the last contact', '30 months after your last activity', 'at most 30 months after your last activity', 'after 20 months without use', '9 months for each log entry', '18 months after the request', 'objection list: 40 months', 'NouveauRoutage (e-mail sending, Germany)', 'NouvelHébergeur (Canada): Décision d\'adéquation (Canada)', '10 years (French Commercial Code'],
        stale: ['3 years', '36 months', '2 years', '1 year', 'AncienRoutage', 'AncienSms', 'Anciennes clauses'],
      },
    }
    for (const [lang, { fresh, stale }] of Object.entries(expectations)) {
      const documents = {
        notice: textOf(await client.get(`/privacy/${store.slug}?lang=${lang}`)),
        register: textOf(await client.get(`/admin/privacy/register?lang=${lang}`).loginAs(owner)),
        csv: (await client.get(`/admin/privacy/register.csv?lang=${lang}`).loginAs(owner)).text(),
        json: JSON.stringify((await client.get(`/admin/privacy/register.json?lang=${lang}`).loginAs(owner)).body()),
      }
      for (const [name, document] of Object.entries(documents)) {
        for (const expected of fresh) assert.include(document, expected, `${name} (${lang}) shows "${expected}"`)
        for (const gone of stale) assert.notInclude(document, gone, `${name} (${lang}) still shows "${gone}"`)
      }
    }
    const json = (await client.get('/admin/privacy/register.json').loginAs(owner)).body()
    const months = Object.fromEntries(json.activities.map((activity: { code: string; retention: Array<{ months: number }> }) => [activity.code, activity.retention.map((line) => line.months)]))
    assert.deepEqual(months, {
      customer_management: [30, 14],
      email_marketing: [30, 40],
      sms_marketing: [30, 40],
      personalisation: [30],
      review_requests: [30, 40],
      pos_link: [30],
      customer_portal: [20, 30],
      security_logs: [9],
      rights_requests: [18, 40],
      accounting_archive: [120],
    })
  })

  test('cells that would run as spreadsheet formulas are made inert in the CSV', async ({ client, assert }) => {
    await savePrivacySettings({ ...base, processors: [{ name: '=HYPERLINK("http://x","y")', kind: 'other', purpose: '+cmd', country: 'FR', safeguards: null }] })
    const owner = await createStaff('owner')
    const csv = (await client.get('/admin/privacy/register.csv').loginAs(owner)).text()
    assert.notMatch(csv, /;"?=HYPERLINK/)
    for (const row of csvRows(csv)) for (const cell of row) assert.notMatch(cell, /^[=+\-@]/)
  })

  test('marketers and cashiers get 403 on the register and its downloads', async ({ client }) => {
    for (const role of ['marketer', 'cashier'] as const) {
      const member = await createStaff(role)
      for (const url of ['/admin/privacy/register', '/admin/privacy/register.csv', '/admin/privacy/register.json']) {
        ;(await client.get(url).loginAs(member)).assertStatus(403)
      }
    }
  })
})
