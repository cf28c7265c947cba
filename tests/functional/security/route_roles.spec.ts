import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import emitter from '@adonisjs/core/services/emitter'
import type StaffMember from '#staff/models/staff_member'
import { createStaff } from '#tests/helpers/factories'
import { ROUTE_ACCESS, type Access } from '#tests/functional/security/route_access_table'

const ROLES = ['owner', 'marketer', 'cashier'] as const
const DUMMY_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

function registeredRoutes() {
  return Object.values(router.toJSON())
    .flat()
    .flatMap((route) => route.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${route.pattern}`))
}

function concretePath(pattern: string) {
  return pattern
    .replace(/:locale/, 'fr')
    .replace(/:format/, 'json')
    .replace(/:token/, pattern.startsWith('/invitations/') || pattern.startsWith('/join/confirm/') || pattern.startsWith('/portal/sign-in/') || pattern.startsWith('/portal/email-change/') || pattern.startsWith('/privacy/requests/confirm/') ? 'x'.repeat(43) : DUMMY_ID)
    .replace(/:[a-zA-Z_]+\??/g, DUMMY_ID)
}

function allowedRoles(access: Access): string[] {
  if (access === 'public' || access === 'signed') return ['anonymous', ...ROLES]
  if (access === 'pos') return []
  return access
}

/**
 * The full route × role table: every registered route is listed in
 * route_access_table.ts with who may use it, and each cell is exercised:
 * an allowed role never gets 401/403; any other role gets 403 (401 or a
 * redirect to sign-in when signed out). A new route missing from the table
 * fails the first test.
 */
test.group('Route × role table', (group) => {
  const staff = new Map<string, StaffMember>()
  group.setup(async () => {
    for (const role of ROLES) staff.set(role, await createStaff(role))
  })

  test('every registered route has an access rule', ({ assert }) => {
    const missing = registeredRoutes().filter((key) => !(key in ROUTE_ACCESS))
    assert.deepEqual(missing, [], `routes without an access rule: ${missing.join(', ')}`)
    const stale = Object.keys(ROUTE_ACCESS).filter((key) => !registeredRoutes().includes(key))
    assert.deepEqual(stale, [], `rules for routes that do not exist: ${stale.join(', ')}`)
  })

  for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
    const [method, pattern] = key.split(' ')
    for (const who of ['anonymous', ...ROLES]) {
      test(`${key} as ${who}`, async ({ client, assert }) => {
        let request = client.request(concretePath(pattern), method.toLowerCase() as any).redirects(0)
        if (who !== 'anonymous') request = request.loginAs(staff.get(who)!)
        if (method !== 'GET') request = request.withCsrfToken()
        if (access === 'pos') request = request.header('accept', 'application/json')
        const writes: string[] = []
        const onQuery = (query: { sql: string }) => {
          // A read may only leave a trace: token last use, or an audit row (exports are audited).
          const trace = /pos_tokens|^\s*insert into .?audit_logs/i.test(query.sql)
          if (/^\s*(insert|update|delete)/i.test(query.sql) && !trace) writes.push(query.sql)
        }
        emitter.on('db:query', onQuery)
        const response = await request.finally(() => emitter.off('db:query', onQuery))
        if (method === 'GET') assert.deepEqual(writes, [], `GET ${pattern} must not write`)
        const status = response.status()
        const allowed = allowedRoles(access).includes(who)
        if (access === 'signed') {
          // Sessions change nothing: the request itself is unsigned, so refused.
          assert.equal(status, 403, `${who} unsigned on ${key}`)
        } else if (allowed) {
          assert.notInclude([401, 403], status, `${who} must reach ${key}`)
          // /health answers 503 by design while a dependency reconnects; its own tests cover it.
          if (key !== 'GET /health') assert.isBelow(status, 500)
        } else if (who === 'anonymous' || access === 'pos') {
          const toSignIn = status === 302 && /\/sign-in|\/setup/.test(response.header('location') ?? '')
          assert.isTrue(status === 401 || toSignIn, `${who} on ${key}: expected 401 or sign-in, got ${status}`)
        } else {
          assert.equal(status, 403, `${who} on ${key}`)
        }
      })
    }
  }
})
