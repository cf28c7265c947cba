import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Secret } from '@adonisjs/core/helpers'
import router from '@adonisjs/core/services/router'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import AuditLog from '#shared/models/audit_log'
import { createPosToken, createStaff, createStore } from '#tests/helpers/factories'

const run = promisify(execFile)

const hasLookupRoute = () =>
  Object.values(router.toJSON())
    .flat()
    .some((route) => route.pattern === '/api/v1/customers/lookup')

test.group('POS API tokens', () => {
  for (const locale of ['fr', 'en']) {
    test(`the tokens page renders in ${locale}`, async ({ client }) => {
      const owner = await createStaff('owner')
      const store = await createStore()
      await createPosToken(store, 'Listed till')
      const response = await client.get('/admin/pos-tokens').loginAs(owner).header('accept-language', locale)
      response.assertStatus(200)
      response.assertTextIncludes('Listed till')
    })
  }

  test('an owner creates a token, shown once, that verifies and is audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const response = await client.post('/admin/pos-tokens').loginAs(owner).withCsrfToken().form({ name: 'Till 7', store_id: store.publicId })
    response.assertStatus(200)
    response.assertHeader('cache-control', 'no-store')
    const secret = response.text().match(/value="(cpt_[^"]+)"/)![1]
    const token = await Store.accessTokens.verify(new Secret(secret))
    assert.equal(token?.tokenableId, store.id)
    assert.isNotNull(await AuditLog.query().where('action', 'pos_token.created').where('subjectId', store.publicId).first())
    const row = await db.from('pos_tokens').where('tokenable_id', store.id).first()
    assert.notInclude(JSON.stringify(row), secret.slice(4))
  })

  test('a revoked token is deleted and refused', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const { token, bearer } = await createPosToken(store, 'Lost till')
    const response = await client.post(`/admin/pos-tokens/${token.identifier}/revoke`).loginAs(owner).withCsrfToken().redirects(0)
    response.assertHeader('location', '/admin/pos-tokens')
    assert.isNull(await db.from('pos_tokens').where('id', Number(token.identifier)).first())
    assert.isNull(await Store.accessTokens.verify(new Secret(bearer)))
    assert.isNotNull(await AuditLog.query().where('action', 'pos_token.revoked').where('subjectId', store.publicId).first())
    if (hasLookupRoute()) {
      const api = await client.get('/api/v1/customers/lookup').qs({ phone: 'x' }).bearerToken(bearer)
      api.assertStatus(401)
    }
    ;(await client.post(`/admin/pos-tokens/${token.identifier}/revoke`).loginAs(owner).withCsrfToken()).assertStatus(404)
  })

  test('a marketer cannot create tokens', async ({ client }) => {
    const marketer = await createStaff('marketer')
    const store = await createStore()
    ;(await client.post('/admin/pos-tokens').loginAs(marketer).withCsrfToken().form({ name: 'X', store_id: store.publicId })).assertStatus(403)
  })

  test('`node ace pos:token` prints a working token on its last line', async ({ assert }) => {
    const store = await createStore()
    const { stdout } = await run(process.execPath, ['ace', 'pos:token', 'Till', `--store=${store.slug}`], { cwd: app.makePath(), env: process.env })
    const lastLine = stdout.trim().split('\n').at(-1)!
    const token = await Store.accessTokens.verify(new Secret(lastLine))
    assert.equal(token?.tokenableId, store.id)
  }).timeout(60_000)

  test('`node ace pos:token` with an unknown store fails with exit code 1', async ({ assert }) => {
    const failure = await run(process.execPath, ['ace', 'pos:token', 'Till', '--store=no-such-store'], { cwd: app.makePath(), env: process.env }).catch((error) => error)
    assert.equal(failure.code, 1)
    assert.include(failure.stdout + failure.stderr, 'no-such-store')
  }).timeout(60_000)
})
