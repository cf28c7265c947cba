import { test } from '@japa/runner'
import { parseRoles } from '#shared/runtime_roles'

test.group('COMPTOIR_ROLES', () => {
  test('an empty value runs web, worker and scheduler in one process', ({ assert }) => {
    assert.deepEqual([...parseRoles(undefined)].sort(), ['scheduler', 'web', 'worker'])
    assert.deepEqual([...parseRoles('')].sort(), ['scheduler', 'web', 'worker'])
  })

  test('a comma-separated subset runs only those roles', ({ assert }) => {
    assert.deepEqual([...parseRoles('worker, scheduler')].sort(), ['scheduler', 'worker'])
  })

  test('an unknown role is refused with its name', ({ assert }) => {
    assert.throws(() => parseRoles('web,cron'), /unknown role\(s\) cron/)
  })
})
