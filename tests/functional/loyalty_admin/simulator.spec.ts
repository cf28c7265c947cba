import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import { demoRules } from '#loyalty/program_rules'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { loyaltyShop } from '../loyalty/loyalty_shop.js'
import { plain } from './helpers.js'

const SIMULATOR = '/admin/loyalty/simulator'

/** The sample basket as query parameters: 2 coffees, a croissant, a 20 € gift card. */
function basket(storeId: string, extra: Record<string, string> = {}) {
  return {
    'store': storeId,
    'lines[0][quantity]': '2',
    'lines[0][sku]': 'CAFE',
    'lines[0][category]': 'café',
    'lines[0][unit_price]': '2,50',
    'lines[1][name]': 'Croissant',
    'lines[1][unit_price]': '1,20',
    'lines[2][sku]': 'CARTE-CADEAU',
    'lines[2][unit_price]': '20',
    ...extra,
  }
}

async function writesDuring(send: () => Promise<unknown>) {
  const writes: string[] = []
  const onQuery = (query: { sql: string }) => /^\s*(insert|update|delete)/i.test(query.sql) && writes.push(query.sql)
  emitter.on('db:query', onQuery)
  try {
    await send()
  } finally {
    emitter.off('db:query', onQuery)
  }
  return writes
}

test.group('Loyalty admin: the earnings simulator', () => {
  test('a basket without a customer: what a newcomer earns in each programme of the store, and why; nothing written', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const { store, program } = await loyaltyShop(client)
    let response: any
    const writes = await writesDuring(async () => {
      response = await client.get(SIMULATOR).qs(basket(store.publicId)).loginAs(marketer)
    })
    response.assertStatus(200)
    assert.deepEqual(writes, [])
    const text = plain(response.text())
    assert.include(text, 'Pour un ticket de 26,20 €')
    assert.include(text, 'Sans client : ce que gagnerait un nouvel inscrit.')
    assert.include(text, program.name)
    assert.include(text, "CARTE-CADEAU n'ouvre pas droit aux points (20,00 €)")
    assert.include(text, '6,20 € éligibles → 6 euros entiers × 1 pt/€ = 6 points')
    assert.include(text, 'CAFE : +2 tampons')
    assert.include(text, 'Bronze')
    assert.include(text, 'Pas encore')
  })

  test('a known customer by card code: member, tier, balances before and after, the voucher the sale would issue', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const { store, customer, pos } = await loyaltyShop(client)
    await pos.purchase({ customer_id: customer.publicId, total_cents: 9_500 })
    const response = await client.get(SIMULATOR).qs(basket(store.publicId, { customer: customer.cardCode.toLowerCase(), total: '30' })).loginAs(owner)
    response.assertStatus(200)
    const text = plain(response.text())
    assert.include(text, `Client : ${customer.displayName}.`)
    assert.include(text, 'Pour un ticket de 30 €')
    assert.include(text, '10,00 € éligibles → 10 euros entiers × 1 pt/€ = 10 points')
    assert.match(text, /<th scope="row">Points<\/th>\s*<td class="num">95<\/td>\s*<td class="num">\+10<\/td>\s*<td class="num">5<\/td>/)
    assert.include(text, 'un bon de 5 € valable 60 jours')
  })

  test('the marketer who types a card code sees the name, never the e-mail or the phone', async ({ client, assert }) => {
    const marketer = await createStaff('marketer')
    const { store, customer } = await loyaltyShop(client)
    const text = (await client.get(SIMULATOR).qs(basket(store.publicId, { customer: customer.cardCode })).loginAs(marketer)).text()
    assert.include(text, customer.displayName)
    assert.notInclude(text, customer.email!)
    assert.notInclude(text, customer.phoneE164!)
    assert.notInclude(text, customer.phoneE164!.slice(3))
    const byPhone = (await client.get(SIMULATOR).qs(basket(store.publicId, { customer: customer.phoneE164! })).loginAs(marketer)).text()
    assert.include(byPhone, customer.displayName)
    assert.notInclude(byPhone, customer.email!)
  })

  test('each programme is answered on its own: a paused one is left out, one of another store too', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const { store, program } = await loyaltyShop(client)
    const paused = await createProgram(store, demoRules(), { status: 'paused' })
    const elsewhere = await createProgram(await createStore())
    const text = (await client.get(SIMULATOR).qs(basket(store.publicId)).loginAs(owner)).text()
    assert.include(text, program.name)
    assert.notInclude(text, paused.name)
    assert.notInclude(text, elsewhere.name)
  })

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ['an unknown customer', { customer: 'nobody@example.test' }, 'customer', 'Aucun client ne correspond.'],
    ['an identifier of no kind', { customer: '!!!' }, 'customer', 'Tapez un numéro de carte, un téléphone ou un e-mail.'],
    ['a total below the lines', { total: '10' }, 'total', 'Le total ne peut pas être inférieur à la somme des lignes (26,20 €).'],
    ['a total of 200 000 €', { total: '200000' }, 'total', "Le total doit être de plus de 0 € et d'au plus 100 000 €."],
    ['a price in words', { 'lines[1][unit_price]': 'un euro' }, 'lines-1-unit_price', 'Tapez un montant en euros'],
    ['a quantity of 0', { 'lines[0][quantity]': '0' }, 'lines-0-quantity', 'Tapez une valeur entre 1 et 999.'],
    ['an unknown store', { store: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'store', "Cette boutique n'existe pas."],
  ]
  for (const [name, overrides, field, message] of invalid) {
    test(`${name} is a field error and simulates nothing`, async ({ client, assert }) => {
      const owner = await createStaff('owner')
      const { store } = await loyaltyShop(client)
      const response = await client.get(SIMULATOR).qs(basket(store.publicId, overrides)).loginAs(owner)
      response.assertStatus(422)
      const text = plain(response.text())
      assert.include(text, message)
      assert.include(text, `id="f-${field}-error"`)
      assert.notInclude(text, 'id="simulation"')
    })
  }

  test('an empty basket asks for a total or a line; a hostile query is a 4xx', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const empty = await client.get(SIMULATOR).qs({ store: store.publicId }).loginAs(owner)
    empty.assertStatus(422)
    assert.include(plain(empty.text()), 'Tapez un total ou au moins une ligne.')
    for (const query of ['store[]=x&customer[a]=b', 'lines=x&total[0]=1', `store=${store.publicId}&lines[0][unit_price][x]=1&lines[0][sku]=A&total=5`]) {
      const response = await client.get(`${SIMULATOR}?${query}`).loginAs(owner)
      assert.isAtLeast(response.status(), 400, query)
      assert.isBelow(response.status(), 500, query)
    }
  })

  for (const locale of ['fr', 'en']) {
    test(`the simulator renders in ${locale}, empty and with an answer`, async ({ client, assert }) => {
      const marketer = await createStaff('marketer')
      const { store, customer } = await loyaltyShop(client)
      ;(await client.get(SIMULATOR).loginAs(marketer).header('accept-language', locale)).assertStatus(200)
      const answer = await client.get(SIMULATOR).qs(basket(store.publicId, { customer: customer.cardCode })).loginAs(marketer).header('accept-language', locale)
      answer.assertStatus(200)
      assert.include(plain(answer.text()), locale === 'en' ? 'For a receipt of €26.20' : 'Pour un ticket de 26,20 €')
    })
  }
})
