import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuditLog from '#shared/models/audit_log'
import StaffMember from '#staff/models/staff_member'
import { createStaff, TEST_PASSWORD, uniqueEmail } from '#tests/helpers/factories'
import { startRedis, stopRedis } from '#tests/helpers/redis_server'

async function lastAudit(action: string, subjectId: string) {
  return AuditLog.query().where('action', action).where('subjectId', subjectId).orderBy('id', 'desc').first()
}

test.group('Staff sign-in', (group) => {
  group.setup(async () => {
    await createStaff('owner')
  })

  for (const locale of ['fr', 'en']) {
    test(`the sign-in page renders in ${locale}`, async ({ client }) => {
      const response = await client.get('/sign-in').header('accept-language', locale)
      response.assertStatus(200)
      response.assertTextIncludes(locale === 'fr' ? 'Connexion' : 'Sign in')
      response.assertTextIncludes("name='_csrf'")
    })
  }

  test('right credentials sign in, record the time, audit and land on the home page', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const response = await client.post('/sign-in').withCsrfToken().form({ email: cashier.email.toUpperCase(), password: TEST_PASSWORD }).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/till')
    await cashier.refresh()
    assert.isNotNull(cashier.lastSignInAt)
    assert.isNotNull(await lastAudit('staff.signed_in', cashier.publicId))
  })

  test('the page asked before signing in is where one lands', async ({ client }) => {
    const owner = await createStaff('owner')
    const response = await client
      .post('/sign-in')
      .withSession({ intended: '/admin/stores' })
      .withCsrfToken()
      .form({ email: owner.email, password: TEST_PASSWORD })
      .redirects(0)
    response.assertHeader('location', '/admin/stores')
  })

  test('a wrong password and an unknown e-mail get the same answer, and are audited without the password', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const wrong = await client.post('/sign-in').withCsrfToken().form({ email: cashier.email, password: 'not the password at all' }).redirects(0)
    const unknown = await client.post('/sign-in').withCsrfToken().form({ email: uniqueEmail('nobody'), password: 'not the password at all' }).redirects(0)
    for (const response of [wrong, unknown]) {
      response.assertStatus(302)
      response.assertHeader('location', '/sign-in')
      response.assertFlashMessage('error', 'E-mail ou mot de passe incorrect.')
    }
    const entry = await lastAudit('staff.sign_in_failed', cashier.publicId)
    assert.deepEqual(entry?.details, { reason: 'wrong_password' })
    assert.notInclude(JSON.stringify(entry?.toJSON()), 'not the password')
  })

  test('a disabled account cannot sign in', async ({ client, assert }) => {
    const cashier = await createStaff('cashier', { disabledAt: DateTime.now() })
    const response = await client.post('/sign-in').withCsrfToken().form({ email: cashier.email, password: TEST_PASSWORD }).redirects(0)
    response.assertHeader('location', '/sign-in')
    response.assertFlashMessage('error', 'E-mail ou mot de passe incorrect.')
    assert.deepEqual((await lastAudit('staff.sign_in_failed', cashier.publicId))?.details, { reason: 'disabled' })
  })

  test('after 10 failures the account is throttled on this IP, even with the right password, and told when to retry', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    for (let i = 0; i < 10; i++) {
      const failure = await client.post('/sign-in').withCsrfToken().form({ email: cashier.email, password: `wrong ${i}` }).redirects(0)
      failure.assertStatus(302)
    }
    const refused = await client.post('/sign-in').header('accept-language', 'en').withCsrfToken().form({ email: cashier.email, password: TEST_PASSWORD }).redirects(0)
    refused.assertStatus(429)
    refused.assertTextIncludes('Try again in 15 minutes')
    assert.isAbove(Number(refused.header('retry-after')), 0)
    await cashier.refresh()
    assert.isNull(cashier.lastSignInAt)
  })

  test('sign-in fails closed with 503 while Redis is down', async ({ client }) => {
    const cashier = await createStaff('cashier')
    await stopRedis()
    try {
      const response = await client.post('/sign-in').withCsrfToken().form({ email: cashier.email, password: TEST_PASSWORD }).redirects(0)
      response.assertStatus(503)
    } finally {
      await startRedis()
    }
  }).timeout(30_000)

  test('signing out ends the session', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const response = await client.post('/sign-out').loginAs(owner).withCsrfToken().redirects(0)
    response.assertHeader('location', '/sign-in')
    assert.isNotNull(await lastAudit('staff.signed_out', owner.publicId))
  })

  test('a disabled account loses its open session on its next request', async ({ client }) => {
    const owner = await createStaff('owner')
    const before = await client.get('/admin/staff').loginAs(owner)
    before.assertStatus(200)
    await StaffMember.query().where('id', owner.id).update({ disabledAt: DateTime.now().toSQL() })
    const after = await client.get('/admin/staff').loginAs(owner).redirects(0)
    after.assertStatus(302)
    after.assertHeader('location', '/sign-in')
    const api = await client.get('/admin/staff').loginAs(owner).header('accept', 'application/json')
    api.assertStatus(401)
  })

  test('the first-run page is gone once an account exists', async ({ client }) => {
    ;(await client.get('/setup')).assertStatus(404)
    ;(await client.post('/setup').withCsrfToken().form({ full_name: 'X', email: uniqueEmail('x'), password: 'a long enough passphrase' })).assertStatus(404)
  })
})
