import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse/sync'
import Breach from '#privacy/breaches/breach'
import { businessTimezone, localInputValue } from '#privacy/breaches/business_time'
import { dbTimestamp } from '#shared/db_time'
import { createCustomer, createStaff, createStore } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'

const ART_33_FIELDS = ['nature', 'categories', 'subjects_count', 'records_count', 'contact_point', 'consequences', 'measures'] as const

async function breachForm(overrides: Record<string, string> = {}) {
  const zone = await businessTimezone()
  return {
    discovered_at: localInputValue(DateTime.utc().minus({ hours: 5 }), zone),
    started_at: localInputValue(DateTime.utc().minus({ days: 2 }), zone),
    ended_at: localInputValue(DateTime.utc().minus({ hours: 6 }), zone),
    nature: 'Un ordinateur de caisse volé, session ouverte sur l\'administration.',
    categories: 'noms, e-mails, téléphones, historique d\'achats',
    subjects_count: '1200',
    records_count: '5400',
    contact_point: 'Claire Martin, dpo@arts.test',
    consequences: 'Hameçonnage possible des clients.',
    measures: 'Sessions révoquées, mots de passe changés, clients prévenus.',
    risk: 'risk',
    cnil_notified_at: '',
    late_reason: '',
    subjects_notified_at: '',
    ...overrides,
  }
}

const breachCount = async () => Number((await db.from('breaches').count('* as total').first())!.total)

test.group('Breach register (/admin/privacy/breaches)', () => {
  test('the owner records a breach: it opens with its 72-hour deadline, shows in the list, and the recording is audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const blank = await client.get('/admin/privacy/breaches/new').loginAs(owner)
    blank.assertStatus(200)
    for (const field of ['discovered_at', ...ART_33_FIELDS]) assert.include(blank.text(), `<label for="${field}"`)
    const created = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form(await breachForm()).redirects(0)
    created.assertStatus(302)
    const breach = await Breach.query().orderBy('id', 'desc').firstOrFail()
    assert.equal(created.header('location'), `/admin/privacy/breaches/${breach.publicId}`)
    assert.equal(breach.subjectsCount, 1200)
    assert.equal(breach.recordsCount, 5400)
    assert.equal(breach.recordedById, owner.id)
    assert.equal(breach.risk, 'risk')
    assert.isNull(breach.cnilNotifiedAt)
    assert.equal(breach.notificationDeadline.toMillis(), breach.discoveredAt.plus({ hours: 72 }).toMillis())

    const page = await client.get(`/admin/privacy/breaches/${breach.publicId}`).loginAs(owner)
    page.assertStatus(200)
    page.assertTextIncludes('Délai de 72 heures : notification à la CNIL au plus tard le')
    assert.include(page.text(), `href="/admin/privacy/breaches/${breach.publicId}/report"`)
    const list = await client.get('/admin/privacy/breaches').loginAs(owner)
    assert.include(list.text(), `href="/admin/privacy/breaches/${breach.publicId}"`)
    assert.include(textOf(list), 'À notifier avant le')
    const audit = await db.from('audit_logs').where('action', 'privacy.breach_recorded').where('subject_id', breach.publicId).firstOrFail()
    assert.equal(audit.staff_member_id, owner.id)
    assert.notInclude(audit.details, 'ordinateur')
    ;(await client.get(`/admin/privacy/breaches/${breach.publicId}`).loginAs(owner).header('accept-language', 'en')).assertTextIncludes('72-hour deadline')
  })

  test('without any one of the four Art. 33(3) facts, nothing is saved (422, the field named)', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const before = await breachCount()
    for (const field of ART_33_FIELDS) {
      const refused = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form(await breachForm({ [field]: '' }))
      refused.assertStatus(422)
      assert.include(refused.text(), `aria-invalid="true"`)
      assert.include(refused.text(), `id="${field}-error"`)
    }
    const nothing = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form({})
    nothing.assertStatus(422)
    nothing.assertTextIncludes('Décrivez la nature de la violation')
    nothing.assertTextIncludes('Indiquez un point de contact')
    nothing.assertTextIncludes('Décrivez les conséquences probables')
    nothing.assertTextIncludes('Décrivez les mesures prises ou envisagées')
    assert.equal(await breachCount(), before)
  })

  test('notified to the CNIL after 72 hours: the reason for the delay is asked for, then the entry says it was late', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const zone = await businessTimezone()
    const discovered = DateTime.utc().minus({ days: 5 })
    const late = await breachForm({
      discovered_at: localInputValue(discovered, zone),
      started_at: localInputValue(discovered.minus({ days: 1 }), zone),
      ended_at: '',
      cnil_notified_at: localInputValue(discovered.plus({ hours: 73 }), zone),
      risk: 'high',
    })
    const before = await breachCount()
    const refused = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form(late)
    refused.assertStatus(422)
    refused.assertTextIncludes('indiquez la raison du retard')
    assert.equal(await breachCount(), before)
    const onTime = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form({ ...late, cnil_notified_at: localInputValue(discovered.plus({ hours: 71 }), zone) }).redirects(0)
    onTime.assertStatus(302)

    const saved = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form({ ...late, late_reason: 'Prestataire injoignable pendant le week-end.' }).redirects(0)
    saved.assertStatus(302)
    const breach = (await Breach.findByPublicId(saved.header('location')!.split('/').pop()!))!
    assert.isTrue(Breach.isLate(breach.discoveredAt, breach.cnilNotifiedAt))
    const page = await client.get(`/admin/privacy/breaches/${breach.publicId}`).loginAs(owner)
    page.assertTextIncludes('Notifiée en retard le')
    // High risk, people not told yet: the page says so (Art. 34).
    page.assertTextIncludes('informez les personnes concernées')
  })

  test('an overdue breach says the deadline passed; an unlikely-risk one needs no notification; edits are audited by field name', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const zone = await businessTimezone()
    const discovered = DateTime.utc().minus({ days: 4 })
    const created = await client
      .post('/admin/privacy/breaches')
      .loginAs(owner)
      .withCsrfToken()
      .form(await breachForm({ discovered_at: localInputValue(discovered, zone), started_at: '', ended_at: '' }))
      .redirects(0)
    const url = created.header('location')!
    ;(await client.get(url).loginAs(owner)).assertTextIncludes('Le délai de 72 heures est dépassé depuis le')

    const edited = await client
      .post(url)
      .loginAs(owner)
      .withCsrfToken()
      .form(await breachForm({ discovered_at: localInputValue(discovered, zone), started_at: '', ended_at: '', risk: 'none', measures: 'Clé révoquée.' }))
      .redirects(0)
    edited.assertStatus(302)
    assert.equal(edited.header('location'), url)
    const page = await client.get(url).loginAs(owner)
    page.assertTextIncludes('Non notifiable (documentée)')
    assert.notInclude(textOf(page), 'Le délai de 72 heures est dépassé')
    const audit = await db.from('audit_logs').where('action', 'privacy.breach_updated').where('subject_id', url.split('/').pop()!).orderBy('id', 'desc').firstOrFail()
    assert.deepEqual(JSON.parse(audit.details).fields.sort(), ['measures', 'risk'])
  })

  test('malformed dates, impossible order, oversized text and hostile HTML: 422 or shown as text, never a 500', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const zone = await businessTimezone()
    const before = await breachCount()
    const cases: Array<[Record<string, string>, string]> = [
      [{ discovered_at: '2026-02-30T10:00' }, 'discovered_at'],
      [{ discovered_at: 'yesterday' }, 'discovered_at'],
      [{ discovered_at: localInputValue(DateTime.utc().plus({ days: 2 }), zone) }, 'discovered_at'],
      [{ started_at: localInputValue(DateTime.utc().plus({ hours: 1 }), zone), ended_at: '' }, 'started_at'],
      [{ ended_at: localInputValue(DateTime.utc().minus({ days: 3 }), zone) }, 'ended_at'],
      [{ cnil_notified_at: localInputValue(DateTime.utc().minus({ days: 1 }), zone) }, 'cnil_notified_at'],
      [{ subjects_notified_at: '2026-13-01T10:00' }, 'subjects_notified_at'],
      [{ subjects_count: '-3' }, 'subjects_count'],
      [{ records_count: 'beaucoup' }, 'records_count'],
      [{ nature: 'x'.repeat(5001) }, 'nature'],
      [{ categories: 'x'.repeat(501) }, 'categories'],
      [{ risk: 'catastrophic' }, 'risk'],
    ]
    for (const [overrides, field] of cases) {
      const refused = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form(await breachForm(overrides))
      assert.equal(refused.status(), 422, `${JSON.stringify(overrides).slice(0, 80)} is refused`)
      assert.include(refused.text(), `id="${field}-error"`, `${field} is named`)
    }
    assert.equal(await breachCount(), before)

    const hostile = '<script>alert(1)</script>'
    const saved = await client.post('/admin/privacy/breaches').loginAs(owner).withCsrfToken().form(await breachForm({ nature: hostile, contact_point: `<img src=x onerror=alert(1)>` })).redirects(0)
    saved.assertStatus(302)
    for (const url of [saved.header('location')!, '/admin/privacy/breaches']) {
      const page = await client.get(url).loginAs(owner)
      page.assertStatus(200)
      assert.notInclude(page.text(), hostile)
      assert.notInclude(page.text(), '<img src=x')
    }
    ;(await client.get('/admin/privacy/breaches/01ARZ3NDEKTSV4RRFFQ69G5FAV').loginAs(owner)).assertStatus(404)
    ;(await client.get('/admin/privacy/breaches/not-a-ulid').loginAs(owner)).assertStatus(404)
  })

  test('marketers and cashiers get 403; a post without its CSRF token changes nothing', async ({ client, assert }) => {
    const before = await breachCount()
    for (const role of ['marketer', 'cashier'] as const) {
      const member = await createStaff(role)
      for (const url of ['/admin/privacy/breaches', '/admin/privacy/breaches/new', '/admin/privacy/incident-report', '/admin/privacy/incident-report.csv']) {
        ;(await client.get(url).loginAs(member)).assertStatus(403)
      }
      ;(await client.post('/admin/privacy/breaches').loginAs(member).withCsrfToken().form(await breachForm())).assertStatus(403)
    }
    const owner = await createStaff('owner')
    ;(await client.post('/admin/privacy/breaches').loginAs(owner).form(await breachForm())).assertStatus(403)
    assert.equal(await breachCount(), before)
  })
})

test.group('Incident report from the audit log', () => {
  let windowsSeeded = 0
  /** A window of one hour, months ago, that no other test writes into (each call its own day: two random days could be the same). */
  async function seededWindow() {
    const from = DateTime.utc().minus({ days: 100 + 2 * windowsSeeded++ }).startOf('minute')
    const store = await createStore()
    const [alice, bob] = [await createCustomer(store), await createCustomer(store)]
    const cashier = await createStaff('cashier', { fullName: 'Jeanne Secret' })
    const owner = await createStaff('owner', { fullName: 'Paul Secret' })
    const at = (minutes: number) => dbTimestamp(from.plus({ minutes }))
    const row = (staff: number | null, action: string, subjectType: string | null, subjectId: string | null, minutes: number, ip = '203.0.113.7') => ({
      staff_member_id: staff,
      action,
      subject_type: subjectType,
      subject_id: subjectId,
      details: JSON.stringify({ email: 'leak@example.test' }),
      ip,
      created_at: at(minutes),
    })
    await db.table('audit_logs').multiInsert([
      row(cashier.id, 'customer.updated', 'customer', alice.publicId, 5),
      row(cashier.id, 'customer.updated', 'customer', alice.publicId, 6),
      row(cashier.id, 'customer.updated', 'customer', bob.publicId, 7, '198.51.100.2'),
      row(owner.id, 'loyalty.balance_adjusted', 'customer', bob.publicId, 30),
      row(owner.id, 'store.updated', 'store', store.publicId, 40),
      row(null, 'staff.sign_in_failed', null, null, 50),
      // Outside the window: not counted.
      row(owner.id, 'customer.updated', 'customer', alice.publicId, 61),
    ])
    return { from, to: from.plus({ hours: 1 }), alice, bob, cashier, owner }
  }

  test('for any window: counts per action and record type, distinct customers, staff involved, by public id only; CSV audited', async ({ client, assert }) => {
    const seeded = await seededWindow()
    const zone = await businessTimezone()
    const owner = await createStaff('owner')
    const query = `from=${encodeURIComponent(localInputValue(seeded.from, zone))}&to=${encodeURIComponent(localInputValue(seeded.to, zone))}`
    const page = await client.get(`/admin/privacy/incident-report?${query}`).loginAs(owner)
    page.assertStatus(200)
    const text = textOf(page)
    assert.match(text, /Entrées du journal<\/dt>\s*<dd>6<\/dd>/)
    assert.match(text, /Clients touchés \(distincts\)<\/dt>\s*<dd>2<\/dd>/)
    assert.match(text, /Membres du personnel impliqués<\/dt>\s*<dd>2<\/dd>/)
    assert.match(text, /Adresses IP distinctes<\/dt>\s*<dd>2<\/dd>/)
    assert.match(text, /<code>customer\.updated<\/code><\/th>\s*<td>customer<\/td>\s*<td class="num">3<\/td>\s*<td class="num">2<\/td>/)
    for (const id of [seeded.alice.publicId, seeded.bob.publicId, seeded.cashier.publicId, seeded.owner.publicId]) assert.include(text, id)
    for (const secret of ['Jeanne Secret', 'Paul Secret', seeded.alice.email!, '203.0.113.7', 'leak@example.test']) assert.notInclude(text, secret)

    const csv = await client.get(`/admin/privacy/incident-report.csv?${query}`).loginAs(owner)
    csv.assertStatus(200)
    assert.include(csv.header('content-disposition')!, 'rapport_incident_')
    const rows = parse(csv.text().replace(/^\ufeff/, ''), { delimiter: ';' }) as string[][]
    assert.deepEqual(rows[0], ['section', 'action', 'type', 'identifiant public', 'rôle', 'entrées', 'enregistrements distincts'])
    assert.deepInclude(rows, ['action', 'customer.updated', 'customer', '', '', '3', '2'])
    assert.deepInclude(rows, ['staff', '', '', seeded.cashier.publicId, 'cashier', '3', ''])
    assert.deepInclude(rows, ['staff', '', '', 'système ou compte supprimé', '', '1', ''])
    assert.sameMembers(rows.filter((row) => row[0] === 'customer').map((row) => row[3]), [seeded.alice.publicId, seeded.bob.publicId])
    for (const secret of ['Jeanne Secret', seeded.bob.email!, '198.51.100.2', 'leak@example.test']) assert.notInclude(csv.text(), secret)
    const audit = await db.from('audit_logs').where('action', 'privacy.incident_report_exported').where('staff_member_id', owner.id).firstOrFail()
    assert.equal(JSON.parse(audit.details).from, seeded.from.toISO())
  })

  test('a breach report covers the breach window; a bad or too long window is a 422 with the reason, never a 500', async ({ client, assert }) => {
    const seeded = await seededWindow()
    const owner = await createStaff('owner')
    const facts = { nature: 'Accès non autorisé', categories: 'e-mails', subjectsCount: 2, recordsCount: 5, contactPoint: 'dpo@arts.test', consequences: 'Hameçonnage', measures: 'Compte désactivé' }
    const breach = await Breach.create({ discoveredAt: seeded.to.plus({ hours: 2 }), startedAt: seeded.from, endedAt: seeded.to, risk: 'risk', ...facts })
    const page = await client.get(`/admin/privacy/breaches/${breach.publicId}/report`).loginAs(owner)
    page.assertStatus(200)
    assert.match(textOf(page), /Clients touchés \(distincts\)<\/dt>\s*<dd>2<\/dd>/)
    assert.include(page.text(), `href="/admin/privacy/breaches/${breach.publicId}/report.csv"`)
    const csv = await client.get(`/admin/privacy/breaches/${breach.publicId}/report.csv`).loginAs(owner)
    csv.assertStatus(200)
    assert.include(csv.text(), seeded.alice.publicId)
    const audit = await db.from('audit_logs').where('action', 'privacy.incident_report_exported').where('subject_id', breach.publicId).firstOrFail()
    assert.equal(audit.subject_type, 'breach')
    ;(await client.get('/admin/privacy/breaches/01ARZ3NDEKTSV4RRFFQ69G5FAV/report').loginAs(owner)).assertStatus(404)

    ;(await client.get('/admin/privacy/incident-report').loginAs(owner)).assertStatus(200)
    for (const [query, message] of [
      ['from=2026-02-30T10:00', 'Début : une date et une heure valables.'],
      ['from=2026-01-02T10:00&to=2026-01-01T10:00', 'Fin : une date et une heure valables, après le début.'],
      ['from=2020-01-01T00:00&to=2026-01-01T00:00', 'La période ne peut dépasser 3 ans'],
      [`from=${'9'.repeat(500)}`, 'Début : une date et une heure valables.'],
      ['from[]=x', 'Début : une date et une heure valables.'],
    ]) {
      for (const url of ['/admin/privacy/incident-report', '/admin/privacy/incident-report.csv']) {
        const refused = await client.get(`${url}?${query}`).loginAs(owner)
        assert.equal(refused.status(), 422, `${url}?${query}`)
        assert.include(textOf(refused), message)
      }
    }
  })
})
