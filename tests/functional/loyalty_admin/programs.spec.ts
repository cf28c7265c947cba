import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import AuditLog from '#shared/models/audit_log'
import { demoRules } from '#loyalty/program_rules'
import type { ProgramForm } from '#loyalty/admin/program_form'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { formBody, plain, programBody, programForm } from './helpers.js'

const programCount = async () => Number((await db.from('loyalty_programs').count('* as n'))[0].n)
const auditCount = async (subjectId: string) => Number((await db.from('audit_logs').where('subject_id', subjectId).count('* as n'))[0].n)

test.group('Loyalty admin: programmes, who sees what', () => {
  for (const locale of ['fr', 'en']) {
    test(`every loyalty admin page renders for the owner in ${locale}`, async ({ client }) => {
      const owner = await createStaff('owner')
      const store = await createStore()
      const program = await createProgram(store)
      const base = `/admin/loyalty/programs/${program.publicId}`
      for (const path of ['/admin/loyalty', '/admin/loyalty/programs/new', `${base}/edit`, `${base}/rewards`, `${base}/rewards/new`, '/admin/loyalty/simulator']) {
        const response = await client.get(path).loginAs(owner).header('accept-language', locale)
        response.assertStatus(200)
      }
    })
  }

  test('the owner sees the programmes in plain words, with links to change them, the shop, the simulator and the liability report', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore({ name: 'Café des Arts — Lyon' })
    const program = await createProgram(store)
    const text = plain((await client.get('/admin/loyalty').loginAs(owner)).text())
    assert.include(text, '1 point par euro entier, hors « carte-cadeau » ; tous les 100 points un bon de 5 € valable 60 jours ; carte de 9 tampons sur « café »')
    assert.include(text, 'statuts Bronze / Argent dès 300 € (points × 1,25) / Or dès 800 € (points × 1,5) sur 365 jours glissants ; points valables 12 mois')
    assert.include(text, 'Boutique Café des Arts — Lyon uniquement')
    assert.include(text, 'version 1')
    for (const href of ['/admin/loyalty/programs/new', `/admin/loyalty/programs/${program.publicId}/edit`, `/admin/loyalty/programs/${program.publicId}/rewards`, '/admin/loyalty/simulator', '/admin/loyalty/liability']) {
      assert.include(text, `href="${href}"`)
    }
  })

  test('the marketer reads the programmes and reaches the simulator, without links to change anything', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const program = await createProgram(await createStore())
    for (const locale of ['fr', 'en']) {
      const response = await client.get('/admin/loyalty').loginAs(marketer).header('accept-language', locale)
      response.assertStatus(200)
      assert.include(response.text(), program.name)
      assert.include(response.text(), 'href="/admin/loyalty/simulator"')
      for (const href of ['/admin/loyalty/programs/new', '/edit"', '/rewards"', '/admin/loyalty/liability']) assert.notInclude(response.text(), href)
    }
  })

  test('the back office has Fidélité in the navigation; the till staff does not', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const cashier = await createStaff('cashier')
    assert.include((await client.get('/admin/customers').loginAs(marketer)).text(), '<a href="/admin/loyalty">Fidélité</a>')
    assert.notInclude((await client.get('/till').loginAs(cashier)).text(), 'href="/admin/loyalty"')
    ;(await client.get('/admin/loyalty').loginAs(cashier)).assertStatus(403)
  })

  test('a marketer cannot create or change a programme', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const store = await createStore()
    const program = await createProgram(store)
    const before = await programCount()
    ;(await client.get('/admin/loyalty/programs/new').loginAs(marketer)).assertStatus(403)
    ;(await client.post('/admin/loyalty/programs').loginAs(marketer).withCsrfToken().form(programBody(store))).assertStatus(403)
    ;(await client.post(`/admin/loyalty/programs/${program.publicId}`).loginAs(marketer).withCsrfToken().form(programBody(store))).assertStatus(403)
    assert.equal(await programCount(), before)
    assert.equal((await LoyaltyProgram.findOrFail(program.id)).rulesVersion, 1)
  })
})

test.group('Loyalty admin: creating and changing a programme', () => {
  test('the form creates the programme it shows, through saveProgram: version 1, audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const form = programForm(store)
    const response = await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(formBody(form)).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/loyalty')
    const program = await LoyaltyProgram.findByOrFail('name', form.name)
    assert.deepEqual(JSON.parse(JSON.stringify(program.parsedRules)), JSON.parse(JSON.stringify(demoRules())))
    assert.equal(program.storeId, store.id)
    assert.equal(program.rulesVersion, 1)
    const entry = await AuditLog.query().where('action', 'loyalty.program_created').where('subjectId', program.publicId).firstOrFail()
    assert.equal(entry.staffMemberId, owner.id)
  })

  test('euros, "2,5 %", "1,25" and lists typed the French way are stored as integers', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const form = programForm(await createStore(), demoRules(), (typed) => {
      typed.points.per_euro = '2'
      typed.points.point_value = '0,10'
      typed.points.excluded_skus = 'CARTE-CADEAU, TIMBRE\nJOURNAL'
      typed.cashback = { enabled: true, rate: '2,5 %', validity_months: '' }
      typed.tiers.levels[1].threshold = '250,50'
      typed.tiers.levels[1].multiplier = '1,25'
      typed.automatic_rewards.rows[0].voucher.value = '5,00'
      typed.stamps.enabled = false
    })
    await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(formBody(form)).redirects(0)
    const rules = (await LoyaltyProgram.findByOrFail('name', form.name)).parsedRules
    assert.equal(rules.points!.point_value_cents, 10)
    assert.deepEqual(rules.points!.excluded_skus, ['CARTE-CADEAU', 'TIMBRE', 'JOURNAL'])
    assert.deepEqual(rules.cashback, { rate_bp: 250, validity_months: null })
    assert.equal(rules.tiers!.levels[1].threshold, 25_050)
    assert.equal(rules.tiers!.levels[1].multiplier_pct, 125)
    assert.equal(rules.automatic_rewards[0].voucher.value_cents, 500)
    assert.isNull(rules.stamps)
  })

  test('saving a change bumps the rules version and audits before and after; the page says it applies to future earnings', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const program = await createProgram(await createStore())
    const moved = await createStore()
    const edit = plain((await client.get(`/admin/loyalty/programs/${program.publicId}/edit`).loginAs(owner)).text())
    assert.include(edit, "Un changement s'applique aux gains à venir seulement : les points déjà gagnés gardent leur date d'expiration et les bons déjà émis leurs conditions.")
    const form = programForm(moved, demoRules(), (typed) => ((typed.name = program.name), (typed.points.per_euro = '3'), (typed.status = 'paused')))
    const response = await client.post(`/admin/loyalty/programs/${program.publicId}`).loginAs(owner).withCsrfToken().form(formBody(form)).redirects(0)
    response.assertHeader('location', '/admin/loyalty')
    await program.refresh()
    assert.equal(program.rulesVersion, 2)
    assert.equal(program.parsedRules.points!.per_euro, 3)
    assert.equal(program.status, 'paused')
    assert.equal(program.storeId, moved.id)
    const entry = await AuditLog.query().where('action', 'loyalty.program_changed').where('subjectId', program.publicId).firstOrFail()
    const details = entry.details as any
    assert.equal(details.before.rules.points.per_euro, 1)
    assert.equal(details.after.rules.points.per_euro, 3)
    assert.include(plain((await client.get('/admin/loyalty').loginAs(owner)).text()), '3 points par euro entier')
  })

  test('"Voir l\'exemple" shows what the typed rules earn and stores nothing, on a new or a stored programme', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const program = await createProgram(store)
    const audits = await auditCount(program.publicId)
    const form = programForm(store, demoRules(), (typed) => ((typed.name = program.name), (typed.points.per_euro = '2')))
    const shown = await client.post(`/admin/loyalty/programs/${program.publicId}`).loginAs(owner).withCsrfToken().form({ ...formBody(form), intent: 'example' })
    shown.assertStatus(200)
    const text = plain(shown.text())
    assert.include(text, '6,20 € éligibles → 6 euros entiers × 2 pt/€ = 12 points')
    assert.include(text, 'value="2"')
    await program.refresh()
    assert.equal(program.parsedRules.points!.per_euro, 1)
    assert.equal(program.rulesVersion, 1)
    assert.equal(await auditCount(program.publicId), audits)
    const before = await programCount()
    const fresh = programForm(store)
    ;(await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form({ ...formBody(fresh), intent: 'example' })).assertStatus(200)
    assert.equal(await programCount(), before)
  })

  test('a form without its CSRF token changes nothing', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const program = await createProgram(store)
    const response = await client.post(`/admin/loyalty/programs/${program.publicId}`).loginAs(owner).form(programBody(store, demoRules(), (typed) => (typed.points.per_euro = '9')))
    response.assertStatus(403)
    assert.equal((await LoyaltyProgram.findOrFail(program.id)).rulesVersion, 1)
  })

  test('a second programme of the same name is refused', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const program = await createProgram(store)
    const before = await programCount()
    const response = await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(programBody(store, demoRules(), (typed) => (typed.name = program.name.toUpperCase())))
    response.assertStatus(422)
    assert.include(plain(response.text()), 'Un autre programme porte déjà ce nom.')
    assert.equal(await programCount(), before)
  })
})

test.group('Loyalty admin: bad input comes back as typed, with errors tied to fields, and changes nothing', () => {
  const cases: Array<[string, (form: ProgramForm) => void, string, string]> = [
    ['points per euro in words', (form) => (form.points.per_euro = 'beaucoup'), 'f-points-per_euro', 'Tapez un nombre entier, par exemple 12.'],
    ['too many points per euro', (form) => (form.points.per_euro = '5000'), 'f-points-per_euro', 'Tapez une valeur entre 1 et 1 000.'],
    ['a cashback of 80 %', (form) => (form.cashback = { enabled: true, rate: '80 %', validity_months: '' }), 'f-cashback-rate', 'Tapez une valeur entre 0,01 % et 50 %.'],
    ['tiers going down', (form) => (form.tiers.levels[2].threshold = '100'), 'f-tiers-levels-2-threshold', 'Ce seuil doit dépasser celui du statut précédent.'],
    ['a voucher without its amount', (form) => (form.automatic_rewards.rows[0].voucher.value = ''), 'f-automatic_rewards-rows-0-voucher-value', 'Ce champ est obligatoire.'],
    ['automatic rewards without points', (form) => (form.points.enabled = false), 'f-automatic_rewards-enabled', 'activez les points'],
    ['no name', (form) => (form.name = '   '), 'f-name', 'Ce champ est obligatoire.'],
    ['a name of 10 000 characters', (form) => (form.name = 'N'.repeat(10_000)), 'f-name', '80 caractères au plus.'],
    ['an unknown store', (form) => (form.store_id = '01ARZ3NDEKTSV4RRFFQ69G5FAV'), 'f-store_id', "Cette boutique n'existe pas."],
    ['a store that is no id', (form) => (form.store_id = "' OR 1=1 --"), 'f-store_id', "Cette boutique n'existe pas."],
    ['an unknown enrolment', (form) => (form.enrolment = 'everyone'), 'f-enrolment', "Choisissez l'une des valeurs proposées."],
    ['a tier code with capitals', (form) => (form.tiers.levels[2].key = 'Or!'), 'f-tiers-levels-2-key', 'Lettres minuscules sans accent'],
    ['two tiers with one code', (form) => (form.tiers.levels[2].key = 'argent'), 'f-tiers-levels-2-key', 'Deux statuts ont ce code'],
  ]
  for (const [name, spoil, id, message] of cases) {
    test(`${name}`, async ({ client, assert }) => {
      const owner = await createStaff('owner')
      const store = await createStore()
      const program = await createProgram(store)
      const stored = await db.from('loyalty_programs').where('id', program.id).first()
      const form = programForm(store, demoRules(), (typed) => ((typed.name = program.name), (typed.points.point_value = '0,07'), spoil(typed)))
      const response = await client.post(`/admin/loyalty/programs/${program.publicId}`).loginAs(owner).withCsrfToken().form(formBody(form))
      response.assertStatus(422)
      const text = plain(response.text())
      assert.include(text, message)
      assert.match(text, new RegExp(`aria-describedby="[^"]*${id}-error"`))
      assert.include(text, `id="${id}-error"`)
      assert.include(text, 'value="0,07"', 'what was typed elsewhere comes back')
      assert.include(text, 'Rien n\'a été enregistré')
      assert.deepEqual(await db.from('loyalty_programs').where('id', program.id).first(), stored)
    })
  }

  test('the error summary names each field and links to it', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const body = programBody(await createStore(), demoRules(), (typed) => ((typed.points.per_euro = '5000'), (typed.tiers.levels[2].multiplier = '0,5')))
    const text = plain((await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(body)).text())
    assert.include(text, '<a href="#f-points-per_euro">Points par euro : Tapez une valeur entre 1 et 1 000.</a>')
    assert.include(text, '<a href="#f-tiers-levels-2-multiplier">Statut 3 · Points × : Tapez une valeur entre 1 et 10.</a>')
  })

  test('errors read in English too', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const response = await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().header('accept-language', 'en').form(programBody(await createStore(), demoRules(), (typed) => (typed.cashback = { enabled: true, rate: '80', validity_months: '' })))
    response.assertStatus(422)
    assert.include(plain(response.text()), 'Type a value between 0.01 % and 50 %.')
  })

  test('hostile bodies get a 4xx, never a 500, and store nothing', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const before = await programCount()
    const bodies: Array<Record<string, string>> = [
      {},
      { 'name[]': 'x', 'points': 'x', 'tiers[levels]': 'x', 'intent': 'save' },
      { ...programBody(store), 'name[0]': 'x', 'points[per_euro][0]': '1', 'stamps[reward]': 'x' },
      { ...programBody(store), 'points[enabled][]': '1', 'points[per_euro]': '1e3' },
    ]
    for (const body of bodies) {
      const response = await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(body)
      assert.equal(response.status(), 422, JSON.stringify(body).slice(0, 80))
    }
    const huge = await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form({ ...programBody(store), 'points[excluded_skus]': 'X'.repeat(100_000) })
    assert.equal(huge.status(), 413)
    assert.equal(await programCount(), before)
  })

  test('fields the form does not offer are ignored: a 1000th tier row, prototype keys', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const form = programForm(await createStore())
    const body = { ...formBody(form), 'tiers[levels][999][name]': 'Caché', '__proto__[admin]': '1', 'constructor[prototype][admin]': '1' }
    ;(await client.post('/admin/loyalty/programs').loginAs(owner).withCsrfToken().form(body).redirects(0)).assertStatus(302)
    const rules = (await LoyaltyProgram.findByOrFail('name', form.name)).parsedRules
    assert.deepEqual(rules.tiers!.levels.map((level) => level.name), ['Bronze', 'Argent', 'Or'])
    assert.isUndefined(({} as Record<string, unknown>).admin)
  })

  test('an unknown programme is a 404 page', async ({ client }) => {
    const owner = await createStaff('owner')
    ;(await client.get('/admin/loyalty/programs/01ARZ3NDEKTSV4RRFFQ69G5FAV/edit').loginAs(owner)).assertStatus(404)
    ;(await client.post('/admin/loyalty/programs/01ARZ3NDEKTSV4RRFFQ69G5FAV').loginAs(owner).withCsrfToken().form(programBody(await createStore()))).assertStatus(404)
    ;(await client.get('/admin/loyalty/programs/not-an-id/edit').loginAs(owner)).assertStatus(404)
  })
})
