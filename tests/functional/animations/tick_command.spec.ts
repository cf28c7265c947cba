import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import { PRESETS } from '#animations/presets'
import { createStore } from '#tests/helpers/factories'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour } from './animation_helpers.js'

function tick(...args: string[]) {
  return spawnSync(process.execPath, ['ace', 'animations:tick', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
}

test.group('node ace animations:tick', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('runs one pass as if now were --at and prints what it enqueued; twice enqueues nothing more', async ({ assert }) => {
    const store = await createStore()
    const animation = await createAnimation(store, 'birthday', { reward: null }, PRESETS.birthday_before.texts)
    const customer = await customerWith(store, { birthDay: 17, birthMonth: 9 })
    const first = tick('--at=2026-09-17T10:00:00+02:00')
    assert.equal(first.status, 0, first.stderr)
    assert.include(first.stdout, `birthday "${animation.name}" ${store.slug} 2026-09-17: 1 fired, 1 deliveries enqueued`)
    assert.notInclude(first.stdout, customer.email!)
    assert.lengthOf(await deliveriesOf(customer.id), 1)
    const second = tick('--at=2026-09-17T10:00:00+02:00')
    assert.equal(second.status, 0, second.stderr)
    assert.notInclude(second.stdout, `${store.slug} 2026-09-17: 1 fired`)
    assert.lengthOf(await deliveriesOf(customer.id), 1)
  })

  test('a malformed --at is refused with an example', async ({ assert }) => {
    const run = tick('--at=tomorrow')
    assert.equal(run.status, 1)
    assert.include(run.stdout + run.stderr, '--at must be an ISO 8601 instant')
  })
})
