import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { demoRules } from '#loyalty/program_rules'
import { createStaff, createStore } from '#tests/helpers/factories'
import { plain, programBody } from './helpers.js'

const EXAMPLE = '/admin/loyalty/programs/example'

/** Runs `send` and returns what it wrote to the database (nothing, for the example). */
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

test.group('Loyalty admin: the live example endpoint', () => {
  test('answers JSON with the example of the rules typed, line by line, and writes nothing', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    let response: any
    const writes = await writesDuring(async () => {
      response = await client.post(EXAMPLE).loginAs(owner).withCsrfToken().accept('json').form(programBody(store, demoRules(), (form) => ((form.points.per_euro = '2'), (form.example.tier = 'argent'))))
    })
    response.assertStatus(200)
    const html = plain(response.body().html)
    assert.include(html, "CARTE-CADEAU n'ouvre pas droit aux points (20,00 €)")
    assert.include(html, '6,20 € éligibles → 6 euros entiers × 2 pt/€ = 12 points')
    assert.include(html, 'Statut Argent : × 1,25 → +3 points')
    assert.include(html, '+15 points')
    assert.include(html, 'CAFE : +2 tampons')
    assert.deepEqual(response.body().errors, [])
    assert.deepEqual(writes, [])
  })

  test('the sample basket and the language are the reader\'s', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const body = programBody(await createStore(), demoRules(), (form) => {
      form.example.lines = [{ quantity: '3', name: 'Thé', sku: 'THE', category: 'café', unit_price: '4' }, ...form.example.lines.slice(3).map((line) => ({ ...line }))]
    })
    const response = await client.post(EXAMPLE).loginAs(owner).withCsrfToken().accept('json').header('accept-language', 'en').form(body)
    response.assertStatus(200)
    const html = plain(response.body().html)
    assert.include(html, '€12.00 eligible → 12 whole euros × 1 pt/€ = 12 points')
    assert.include(html, 'THE: +3 stamps')
    assert.notInclude(html, 'CARTE-CADEAU')
  })

  test('rules that cannot be read or are refused come back as field errors (422), still nothing written', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    let response: any
    const writes = await writesDuring(async () => {
      response = await client.post(EXAMPLE).loginAs(owner).withCsrfToken().accept('json').form(programBody(store, demoRules(), (form) => ((form.points.per_euro = '5000'), (form.tiers.levels[1].multiplier = 'x'))))
    })
    response.assertStatus(422)
    assert.deepInclude(response.body().errors, { field: 'tiers.levels.1.multiplier', message: 'Tapez un coefficient, par exemple 1,25.' })
    assert.include(plain(response.body().html), "L'exemple attend que ces champs soient corrigés")
    assert.include(response.body().html, 'href="#f-tiers-levels-1-multiplier"')
    assert.deepEqual(writes, [])
  })

  test('a bad basket line is an error of the example only', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const response = await client.post(EXAMPLE).loginAs(owner).withCsrfToken().accept('json').form(programBody(await createStore(), demoRules(), (form) => (form.example.lines[0].unit_price = 'deux euros')))
    response.assertStatus(422)
    assert.deepEqual(response.body().errors.map((error: { field: string }) => error.field), ['example.lines.0.unit_price'])
  })

  test('without the CSRF token, or for a marketer, the example is refused', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const marketer = await createStaff('marketer')
    const forged = await client.post(EXAMPLE).loginAs(owner).accept('json').form(programBody(await createStore()))
    assert.equal(forged.status(), 403)
    ;(await client.post(EXAMPLE).loginAs(marketer).withCsrfToken().accept('json').form(programBody(await createStore()))).assertStatus(403)
    const count = Number((await db.from('loyalty_programs').count('* as n'))[0].n)
    ;(await client.post(EXAMPLE).loginAs(owner).withCsrfToken().accept('json').form({ 'points': 'x', 'example[lines]': 'x' })).assertStatus(200)
    assert.equal(Number((await db.from('loyalty_programs').count('* as n'))[0].n), count)
  })
})
