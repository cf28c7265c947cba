import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import StaffMember from '#staff/models/staff_member'

test.group('Demo seed', () => {
  test('refuses to run in production and creates no account (R51)', async ({ assert }) => {
    const before = await StaffMember.query().count('* as total')
    const result = spawnSync(process.execPath, ['ace', 'demo:seed'], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'production', APP_KEY: randomBytes(32).toString('base64url') },
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(result.status, 1, result.stdout + result.stderr)
    assert.include(result.stdout + result.stderr, 'never runs in production')
    const after = await StaffMember.query().count('* as total')
    assert.equal(Number(after[0].$extras.total), Number(before[0].$extras.total))
  }).timeout(90_000)
})
