import { test } from '@japa/runner'
import Store from '#stores/models/store'
import AuditLog from '#shared/models/audit_log'
import { createStaff, createStore, unique } from '#tests/helpers/factories'

function validStore(overrides: Record<string, string> = {}) {
  const slug = `shop-${unique()}`.toLowerCase()
  return { name: `Shop ${slug}`, slug, city: 'Lyon', country: 'FR', timezone: 'Europe/Paris', currency: 'eur', review_url: 'https://g.page/r/x', ...overrides }
}

test.group('Stores (owner only)', () => {
  for (const locale of ['fr', 'en']) {
    test(`the store pages render in ${locale}`, async ({ client }) => {
      const owner = await createStaff('owner')
      const store = await createStore()
      for (const path of ['/admin/stores', '/admin/stores/new', `/admin/stores/${store.publicId}/edit`]) {
        ;(await client.get(path).loginAs(owner).header('accept-language', locale)).assertStatus(200)
      }
    })
  }

  test('an owner creates a store, which is audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const input = validStore()
    const response = await client.post('/admin/stores').loginAs(owner).withCsrfToken().form(input).redirects(0)
    response.assertHeader('location', '/admin/stores')
    const store = await Store.findByOrFail('slug', input.slug)
    assert.equal(store.currency, 'EUR')
    assert.equal(store.reviewUrl, 'https://g.page/r/x')
    const entry = await AuditLog.query().where('action', 'store.created').where('subjectId', store.publicId).firstOrFail()
    assert.equal(entry.staffMemberId, owner.id)
  })

  const invalid: Array<[string, Record<string, string>]> = [
    ['timezone', { timezone: 'Europe/Atlantis' }],
    ['currency', { currency: 'EURO' }],
    ['currency', { currency: '€€€' }],
    ['review_url', { review_url: 'javascript:alert(1)' }],
    ['review_url', { review_url: 'data:text/html,hi' }],
    ['name', { name: 'x'.repeat(10_000) }],
    ['slug', { slug: 'Not A Slug!' }],
  ]
  for (const [field, overrides] of invalid) {
    test(`a bad ${field} (${overrides[field].slice(0, 20)}) is a field error and changes nothing`, async ({ client, assert }) => {
      const owner = await createStaff('owner')
      const store = await createStore()
      const before = (await Store.findOrFail(store.id)).serialize()
      const response = await client
        .post(`/admin/stores/${store.publicId}`)
        .loginAs(owner)
        .withCsrfToken()
        .header('referer', `/admin/stores/${store.publicId}/edit`)
        .form(validStore({ slug: store.slug, ...overrides }))
        .redirects(0)
      response.assertStatus(302)
      assert.property(response.flashMessage('inputErrorsBag'), field)
      await store.refresh()
      assert.deepEqual(store.serialize(), before)
    })
  }

  test('a slug used by another store is a field error', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const taken = await createStore()
    const response = await client.post('/admin/stores').loginAs(owner).withCsrfToken().form(validStore({ slug: taken.slug })).redirects(0)
    response.assertStatus(302)
    assert.property(response.flashMessage('inputErrorsBag'), 'slug')
    assert.lengthOf(await Store.query().where('slug', taken.slug), 1)
  })

  test('the form shows field errors linked to their input, in both languages', async ({ client }) => {
    const owner = await createStaff('owner')
    for (const locale of ['fr', 'en']) {
      const response = await client
        .get('/admin/stores/new')
        .loginAs(owner)
        .header('accept-language', locale)
        .withFlashMessages({ inputErrorsBag: { timezone: ['Unknown'] }, errorsBag: {} })
      response.assertStatus(200)
      response.assertTextIncludes('aria-describedby="timezone-hint timezone-error"')
      response.assertTextIncludes('id="timezone-error"')
    }
  })

  test('editing a store saves the changes and audits the changed fields', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    await client.post(`/admin/stores/${store.publicId}`).loginAs(owner).withCsrfToken().form(validStore({ slug: store.slug, name: 'Renamed', timezone: 'America/Martinique' }))
    await store.refresh()
    assert.equal(store.name, 'Renamed')
    assert.equal(store.timezone, 'America/Martinique')
    const entry = await AuditLog.query().where('action', 'store.updated').where('subjectId', store.publicId).firstOrFail()
    assert.includeMembers((entry.details as { fields: string[] }).fields, ['name', 'timezone'])
  })

  test('a cashier cannot reach the stores', async ({ client }) => {
    const cashier = await createStaff('cashier')
    ;(await client.get('/admin/stores').loginAs(cashier)).assertStatus(403)
  })
})
