import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Reward from '#loyalty/models/reward'
import AuditLog from '#shared/models/audit_log'
import { newPublicId } from '#shared/public_id'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { loyaltyShop, pointsOnly } from '../loyalty/loyalty_shop.js'
import { plain } from './helpers.js'

const shopOf = (programId: string) => `/admin/loyalty/programs/${programId}/rewards`
const rewardCount = async (programId: number) => Number((await db.from('rewards').where('program_id', programId).count('* as n'))[0].n)

function rewardBody(overrides: Record<string, string> = {}) {
  return { name: `Viennoiserie ${newPublicId().slice(-6)}`, description: 'Croissant ou pain au chocolat', kind: 'amount', value: '2,50', percent: '', product_sku: '', cost_points: '150', stock: '', per_customer_limit: '', validity_days: '30', active: '1', ...overrides }
}

async function setup() {
  const owner = await createStaff('owner')
  const program = await createProgram(await createStore())
  return { owner, program }
}

test.group('Loyalty admin: the rewards shop', () => {
  test('the owner adds an amount reward: stored in cents, unlimited, audited', async ({ client, assert }) => {
    const { owner, program } = await setup()
    const body = rewardBody()
    const response = await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(body).redirects(0)
    response.assertHeader('location', shopOf(program.publicId))
    const reward = await Reward.query().where('programId', program.id).where('name', body.name).firstOrFail()
    assert.equal(Number(reward.valueCents), 250)
    assert.isNull(reward.percent)
    assert.isNull(reward.stock)
    assert.isNull(reward.perCustomerLimit)
    assert.equal(Number(reward.costPoints), 150)
    assert.isTrue(Boolean(reward.active))
    const entry = await AuditLog.query().where('action', 'loyalty.reward_created').where('subjectId', reward.publicId).firstOrFail()
    assert.equal(entry.staffMemberId, owner.id)
    const list = plain((await client.get(shopOf(program.publicId)).loginAs(owner)).text())
    assert.include(list, body.name)
    assert.include(list, '2,50 € de remise')
    assert.include(list, 'illimité')
    assert.include(list, 'En vente')
  })

  test('percent and free-product rewards keep only their own figures', async ({ client, assert }) => {
    const { owner, program } = await setup()
    const percent = rewardBody({ kind: 'percent', percent: '15', value: '9' })
    const product = rewardBody({ kind: 'product', product_sku: 'CROISSANT', value: '', percent: '20', stock: '12', per_customer_limit: '2' })
    for (const body of [percent, product]) (await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(body).redirects(0)).assertStatus(302)
    const stored = await Reward.query().where('programId', program.id).orderBy('id')
    assert.deepEqual(
      stored.map((reward) => [reward.kind, reward.valueCents, reward.percent, reward.productSku, reward.stock, reward.perCustomerLimit]),
      [
        ['percent', null, 15, null, null, null],
        ['product', null, null, 'CROISSANT', 12, 2],
      ]
    )
  })

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ['an amount reward without its amount', { value: '' }, 'value', 'Ce champ est obligatoire.'],
    ['an amount of 0', { value: '0' }, 'value', 'Tapez un montant en euros'],
    ['an amount of "deux euros"', { value: 'deux euros' }, 'value', 'Tapez un montant en euros'],
    ['a percent reward without its percentage', { kind: 'percent' }, 'percent', 'Ce champ est obligatoire.'],
    ['a percentage of 150', { kind: 'percent', percent: '150' }, 'percent', 'Tapez une valeur entre 1 et 100.'],
    ['a free product without its SKU', { kind: 'product' }, 'product_sku', 'Ce champ est obligatoire.'],
    ['an unknown kind', { kind: 'gift' }, 'kind', "Choisissez l'une des valeurs proposées."],
    ['no name', { name: '  ' }, 'name', 'Ce champ est obligatoire.'],
    ['a name of 5 000 characters', { name: 'N'.repeat(5000) }, 'name', '80 caractères au plus.'],
    ['a cost of 0 points', { cost_points: '0' }, 'cost_points', 'Tapez une valeur entre 1 et 1 000 000.'],
    ['a cost in words', { cost_points: 'cent' }, 'cost_points', 'Tapez un nombre entier'],
    ['a negative stock', { stock: '-1' }, 'stock', 'Tapez une valeur entre 0 et 1 000 000.'],
    ['a limit of 0 per customer', { per_customer_limit: '0' }, 'per_customer_limit', 'Tapez une valeur entre 1 et 1 000.'],
    ['a validity of 1,5 days', { validity_days: '1.5' }, 'validity_days', 'Tapez un nombre entier'],
  ]
  for (const [name, overrides, field, message] of invalid) {
    test(`${name} comes back as typed with the error on ${field}, nothing stored`, async ({ client, assert }) => {
      const { owner, program } = await setup()
      const body = rewardBody({ description: 'Gardée telle quelle', ...overrides })
      const response = await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(body)
      response.assertStatus(422)
      const text = plain(response.text())
      assert.include(text, message)
      assert.include(text, `id="f-${field}-error"`)
      assert.match(text, new RegExp(`aria-describedby="[^"]*f-${field}-error"`))
      assert.include(text, 'Gardée telle quelle')
      assert.equal(await rewardCount(program.id), 0)
    })
  }

  test('two rewards of one name in a shop are refused; another shop may use it', async ({ client, assert }) => {
    const { owner, program } = await setup()
    const other = await createProgram(await createStore())
    const body = rewardBody()
    await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(body)
    const twice = await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form({ ...body, name: body.name.toUpperCase() })
    twice.assertStatus(422)
    assert.include(plain(twice.text()), 'Une autre récompense de cette boutique porte déjà ce nom.')
    assert.equal(await rewardCount(program.id), 1)
    ;(await client.post(shopOf(other.publicId)).loginAs(owner).withCsrfToken().form(body).redirects(0)).assertStatus(302)
  })

  test('editing a reward saves the change and audits before and after; a change of kind clears the old figure', async ({ client, assert }) => {
    const { owner, program } = await setup()
    await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(rewardBody({ name: 'Remise' }))
    const reward = await Reward.query().where('programId', program.id).firstOrFail()
    const edit = await client.get(`${shopOf(program.publicId)}/${reward.publicId}/edit`).loginAs(owner)
    edit.assertStatus(200)
    assert.include(edit.text(), 'value="2,50"')
    const response = await client.post(`${shopOf(program.publicId)}/${reward.publicId}`).loginAs(owner).withCsrfToken().form(rewardBody({ name: 'Remise', kind: 'percent', percent: '10', stock: '5' })).redirects(0)
    response.assertStatus(302)
    await reward.refresh()
    assert.deepEqual([reward.kind, reward.valueCents, reward.percent, reward.stock], ['percent', null, 10, 5])
    const entry = await AuditLog.query().where('action', 'loyalty.reward_changed').where('subjectId', reward.publicId).firstOrFail()
    assert.equal((entry.details as any).before.kind, 'amount')
    assert.equal((entry.details as any).after.percent, 10)
  })

  test('an invalid edit changes nothing', async ({ client, assert }) => {
    const { owner, program } = await setup()
    await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(rewardBody())
    const reward = await Reward.query().where('programId', program.id).firstOrFail()
    const before = reward.serialize()
    ;(await client.post(`${shopOf(program.publicId)}/${reward.publicId}`).loginAs(owner).withCsrfToken().form(rewardBody({ cost_points: '-5', name: 'Autre' }))).assertStatus(422)
    await reward.refresh()
    assert.deepEqual(reward.serialize(), before)
  })

  test('deactivating takes a reward out of the POS shop, reactivating puts it back, each audited once', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const { program, customer, pos } = await loyaltyShop(client, pointsOnly())
    await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(rewardBody({ cost_points: '10', stock: '1', per_customer_limit: '1' }))
    const reward = await Reward.query().where('programId', program.id).firstOrFail()
    await pos.purchase({ customer_id: customer.publicId, total_cents: 5_000 })
    const path = `${shopOf(program.publicId)}/${reward.publicId}`
    ;(await client.post(`${path}/deactivation`).loginAs(owner).withCsrfToken().redirects(0)).assertStatus(302)
    ;(await client.post(`${path}/deactivation`).loginAs(owner).withCsrfToken().redirects(0)).assertStatus(302)
    assert.include(plain((await client.get(shopOf(program.publicId)).loginAs(owner)).text()), 'Retirée')
    ;(await pos.redeem({ customer_id: customer.publicId, reward_id: reward.publicId })).assertStatus(404)
    ;(await client.post(`${path}/activation`).loginAs(owner).withCsrfToken().redirects(0)).assertStatus(302)
    ;(await pos.redeem({ customer_id: customer.publicId, reward_id: reward.publicId })).assertStatus(201)
    // The limits typed in the form hold at the till: one per customer, one in stock.
    ;(await pos.redeem({ customer_id: customer.publicId, reward_id: reward.publicId })).assertStatus(409)
    assert.lengthOf(await AuditLog.query().where('action', 'loyalty.reward_deactivated').where('subjectId', reward.publicId), 1)
    assert.lengthOf(await AuditLog.query().where('action', 'loyalty.reward_reactivated').where('subjectId', reward.publicId), 1)
  })

  test("another programme's reward is not found under this one; unknown ids are 404", async ({ client, assert }) => {
    const { owner, program } = await setup()
    const other = await createProgram(await createStore())
    await client.post(shopOf(other.publicId)).loginAs(owner).withCsrfToken().form(rewardBody())
    const foreign = await Reward.query().where('programId', other.id).firstOrFail()
    ;(await client.get(`${shopOf(program.publicId)}/${foreign.publicId}/edit`).loginAs(owner)).assertStatus(404)
    ;(await client.post(`${shopOf(program.publicId)}/${foreign.publicId}`).loginAs(owner).withCsrfToken().form(rewardBody())).assertStatus(404)
    ;(await client.post(`${shopOf(program.publicId)}/${foreign.publicId}/deactivation`).loginAs(owner).withCsrfToken()).assertStatus(404)
    assert.isTrue(Boolean((await Reward.findOrFail(foreign.id)).active))
    ;(await client.get(shopOf(newPublicId())).loginAs(owner)).assertStatus(404)
  })

  test('the shop is the owner\'s: a marketer cannot read or change it; without CSRF nothing changes', async ({ client, assert }) => {
    const { owner, program } = await setup()
    const marketer = await createStaff('marketer')
    ;(await client.get(shopOf(program.publicId)).loginAs(marketer)).assertStatus(403)
    ;(await client.post(shopOf(program.publicId)).loginAs(marketer).withCsrfToken().form(rewardBody())).assertStatus(403)
    ;(await client.post(shopOf(program.publicId)).loginAs(owner).form(rewardBody())).assertStatus(403)
    assert.equal(await rewardCount(program.id), 0)
  })

  for (const locale of ['fr', 'en']) {
    test(`the shop pages render in ${locale}, with a reward of each kind and a form in error`, async ({ client }) => {
      const { owner, program } = await setup()
      for (const body of [rewardBody(), rewardBody({ kind: 'percent', percent: '5' }), rewardBody({ kind: 'product', product_sku: 'X' })]) {
        await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().form(body)
      }
      const reward = await Reward.query().where('programId', program.id).firstOrFail()
      for (const path of [shopOf(program.publicId), `${shopOf(program.publicId)}/new`, `${shopOf(program.publicId)}/${reward.publicId}/edit`]) {
        ;(await client.get(path).loginAs(owner).header('accept-language', locale)).assertStatus(200)
      }
      ;(await client.post(shopOf(program.publicId)).loginAs(owner).withCsrfToken().header('accept-language', locale).form(rewardBody({ stock: 'x', cost_points: '0' }))).assertStatus(422)
    })
  }
})
