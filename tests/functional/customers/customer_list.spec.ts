import { test } from '@japa/runner'
import { load } from './helpers.js'
import { createCustomer, createStaff, createStore, unique } from '#tests/helpers/factories'
import { recordPurchase } from '#purchases/record_purchase'

test.group('Staff customer list', () => {
  test('keyset pages walk every matching customer once, in every sort', async ({ client, assert }) => {
    const store = await createStore()
    const marketer = await createStaff('marketer', { storeId: store.id })
    const tag = `t${unique()}`.slice(0, 30)
    const created = []
    for (let i = 0; i < 30; i++) {
      const customer = await createCustomer(store, { tags: [tag], firstName: i % 3 === 0 ? 'Zoé' : 'Anna', lastName: `Same${i % 4}` })
      if (i % 2 === 0) await recordPurchase({ store, customer, totalCents: 100 + (i % 5) * 100, source: 'till' })
      created.push(customer.publicId)
    }
    for (const [sort, expected] of [['recent', 30], ['name', 30], ['spend', 30], ['last_visit', 15]] as const) {
      const seen: string[] = []
      let url: string | null = `/admin/customers?tag=${tag}&limit=7&sort=${sort}`
      let pages = 0
      while (url && pages < 20) {
        const page = await load(client.get(url).loginAs(marketer))
        seen.push(...page.ids)
        url = page.next
        pages++
      }
      assert.lengthOf(seen, expected, sort)
      assert.lengthOf(new Set(seen), expected, `${sort}: no duplicates`)
      for (const id of seen) assert.include(created, id)
      if (sort === 'recent') assert.deepEqual(seen, [...created].reverse())
    }
  })

  test('filters by store, spend, last visit and search, in both languages', async ({ client, assert }) => {
    const store = await createStore()
    const other = await createStore()
    const owner = await createStaff('owner', { storeId: store.id })
    const tag = `f${unique()}`.slice(0, 30)
    const big = await createCustomer(store, { tags: [tag], lastName: `Bigspender${unique()}` })
    const small = await createCustomer(other, { tags: [tag] })
    const never = await createCustomer(store, { tags: [tag] })
    await recordPurchase({ store, customer: big, totalCents: 50_000, source: 'till' })
    await recordPurchase({ store: other, customer: small, totalCents: 500, source: 'till' })
    const ids = async (qs: string, lang = 'fr') => (await load(client.get(`/admin/customers?tag=${tag}&${qs}`).header('Accept-Language', lang).loginAs(owner))).ids
    assert.sameMembers(await ids(`store=${store.publicId}`), [big.publicId, never.publicId])
    assert.sameMembers(await ids('spend_min=100'), [big.publicId])
    assert.sameMembers(await ids('spend_max=10', 'en'), [small.publicId, never.publicId])
    const today = new Date().toISOString().slice(0, 10)
    assert.sameMembers(await ids(`last_visit_after=${today}`), [big.publicId, small.publicId])
    assert.sameMembers(await ids('last_visit_before=2000-01-01'), [])
    assert.sameMembers(await ids(`q=${encodeURIComponent(big.lastName!.slice(0, 12).toLowerCase())}`), [big.publicId])
    assert.sameMembers(await ids(`q=${encodeURIComponent(small.email!.toUpperCase())}`), [small.publicId])
    assert.sameMembers(await ids(`q=${small.cardCode.toLowerCase()}`), [small.publicId])
    const bad = await client.get(`/admin/customers?spend_min=abc&last_visit_after=yesterday&limit=100000`).loginAs(owner)
    bad.assertStatus(200)
  })

  test('cashiers get 403 on the customer pages', async ({ client }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const customer = await createCustomer(store)
    for (const url of ['/admin/customers', `/admin/customers/${customer.publicId}`, `/admin/customers/${customer.publicId}/edit`]) {
      const response = await client.get(url).loginAs(cashier)
      response.assertStatus(403)
    }
    const edit = await client.put(`/admin/customers/${customer.publicId}`).form({ first_name: 'X', locale: 'fr' }).loginAs(cashier).withCsrfToken()
    edit.assertStatus(403)
  })
})
