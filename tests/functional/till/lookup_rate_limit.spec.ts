import { test } from '@japa/runner'
import { TILL_LOOKUP_QUOTA } from '#till/lookup_quota'
import { createStaff, uniquePhone } from '#tests/helpers/factories'
import { startRedis, stopRedis } from '#tests/helpers/redis_server'

test.group('Till: lookup rate limit', (group) => {
  const normal = { ...TILL_LOOKUP_QUOTA }
  group.each.setup(() => {
    TILL_LOOKUP_QUOTA.requests = 3
  })
  group.each.teardown(async () => {
    Object.assign(TILL_LOOKUP_QUOTA, normal)
    await startRedis().catch(() => {})
  })

  test('a cashier walking phone numbers is stopped with 429 and told when to retry', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    for (let i = 0; i < 3; i++) {
      const allowed = await client.get('/till/lookup').qs({ q: uniquePhone() }).loginAs(cashier)
      allowed.assertStatus(200)
    }
    const refused = await client.get('/till/lookup').qs({ q: uniquePhone() }).loginAs(cashier)
    refused.assertStatus(429)
    assert.exists(refused.header('retry-after'))
    const page = await client.get('/till').qs({ q: uniquePhone() }).loginAs(cashier).header('accept-language', 'en')
    page.assertStatus(429)
    assert.include(page.text(), 'Too many attempts')
  })

  test('the quota is per staff member', async ({ client }) => {
    const first = await createStaff('cashier')
    const second = await createStaff('cashier')
    for (let i = 0; i < 4; i++) await client.get('/till/lookup').qs({ q: uniquePhone() }).loginAs(first)
    const other = await client.get('/till/lookup').qs({ q: uniquePhone() }).loginAs(second)
    other.assertStatus(200)
  })

  test('the till keeps finding customers while Redis is stopped', async ({ client }) => {
    const cashier = await createStaff('cashier')
    await stopRedis()
    const response = await client.get('/till/lookup').qs({ q: uniquePhone() }).loginAs(cashier)
    response.assertStatus(200)
  })
})
