import { test } from '@japa/runner'

test.group('Security headers', () => {
  test('pages forbid framing and inline scripts and are not sniffed', async ({ client, assert }) => {
    const response = await client.get('/lang/fr').redirects(0)
    const csp = response.header('content-security-policy') ?? ''
    assert.include(csp, "frame-ancestors 'none'")
    assert.include(csp, "script-src 'self'")
    assert.notInclude(csp, 'unsafe-inline')
    assert.equal(response.header('x-frame-options'), 'DENY')
    assert.equal(response.header('x-content-type-options'), 'nosniff')
  })

  test('the session cookie is HttpOnly and SameSite', async ({ client, assert }) => {
    const response = await client.get('/lang/en').redirects(0)
    const cookies = ([] as string[]).concat(response.header('set-cookie') ?? [])
    const session = cookies.find((cookie) => cookie.startsWith('comptoir-session='))
    assert.exists(session)
    assert.match(session!, /HttpOnly/i)
    assert.match(session!, /SameSite=Lax/i)
  })

  test('dot files such as .env or .git are never served', async ({ client }) => {
    for (const path of ['/.env', '/.git/HEAD', '/../.env']) {
      const response = await client.get(path).redirects(0)
      response.assertStatus(404)
    }
  })

  test('an unknown page answers 404 in the visitor language', async ({ client, assert }) => {
    const fr = await client.get('/nulle-part').header('accept-language', 'fr')
    fr.assertStatus(404)
    assert.include(fr.text(), 'Page introuvable')
    const en = await client.get('/nowhere').header('accept-language', 'en')
    en.assertStatus(404)
    assert.include(en.text(), 'Page not found')
  })
})
