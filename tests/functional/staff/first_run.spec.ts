import { test } from '@japa/runner'
import { startApp, waitUntil, type AppProcess } from '#tests/helpers/app_process'

/** A tiny cookie jar for fetch: enough for one session cookie. */
function cookiesOf(response: Response, jar: Map<string, string>) {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [name, ...value] = pair.split('=')
    jar.set(name, value.join('='))
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

async function get(appProcess: AppProcess, path: string, jar: Map<string, string>) {
  const response = await fetch(`${appProcess.url}${path}`, { redirect: 'manual', headers: { cookie: cookiesOf(new Response(), jar) } })
  cookiesOf(response, jar)
  return response
}

test.group('First run (fresh install, production)', () => {
  test('with no account, / and /sign-in lead to /setup, which creates the owner and first store, then closes', async ({ assert }) => {
    const appProcess = await startApp({ NODE_ENV: 'production' })
    try {
      assert.isTrue(await waitUntil(appProcess, async () => (await fetch(`${appProcess.url}/health`)).status === 200), appProcess.output())
      const jar = new Map<string, string>()
      const home = await get(appProcess, '/', jar)
      assert.match(home.headers.get('location') ?? '', /\/sign-in$/)
      const signIn = await get(appProcess, '/sign-in', jar)
      assert.match(signIn.headers.get('location') ?? '', /\/setup$/)
      const page = await get(appProcess, '/setup', jar)
      assert.equal(page.status, 200)
      const csrf = (await page.text()).match(/name='_csrf' value='([^']+)'/)![1]
      const form = new URLSearchParams({
        _csrf: csrf,
        full_name: 'Camille Owner',
        email: 'Owner@Example.test',
        password: 'un comptoir en zinc poli',
        password_confirmation: 'un comptoir en zinc poli',
        store_name: 'Le Zinc',
        store_slug: 'le-zinc',
        store_city: 'Nantes',
        store_timezone: 'Europe/Paris',
        store_currency: 'EUR',
      })
      const created = await fetch(`${appProcess.url}/setup`, {
        method: 'POST',
        redirect: 'manual',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': cookiesOf(new Response(), jar) },
      })
      assert.equal(created.status, 302, appProcess.output())
      assert.match(created.headers.get('location') ?? '', /\/admin\/stores$/)
      assert.equal((await fetch(`${appProcess.url}/setup`)).status, 404)
      const again = await fetch(`${appProcess.url}/sign-in`, { redirect: 'manual' })
      assert.equal(again.status, 200)
    } finally {
      await appProcess.stop()
    }
  }).timeout(120_000)
})
