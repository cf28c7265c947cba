import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import Database from 'better-sqlite3'
import pg from 'pg'
import { DateTime } from 'luxon'
import { startApp, waitUntil, type AppProcess } from '#tests/helpers/app_process'
import { launchChromium } from '#tests/helpers/chromium'
import { DEMO_ACCOUNTS } from '#database/seeders/demo_accounts'

/** Counts rows in the child's own database (SQLite file or Postgres database). */
async function count(appProcess: AppProcess, sql: string): Promise<number> {
  if (appProcess.sqlitePath) {
    const db = new Database(appProcess.sqlitePath, { readonly: true })
    try {
      return Number(Object.values(db.prepare(sql).get() as object)[0])
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: appProcess.databaseUrl })
  await client.connect()
  try {
    return Number(Object.values((await client.query(sql)).rows[0])[0])
  } finally {
    await client.end()
  }
}

/**
 * The dashboard on the demo's data, in Chromium (the demo app is already
 * running here, so no second start): the owner signs in and every chart is
 * drawn from the figures the worker kept from the demo's events.
 */
async function seeTheDemoDashboard(appProcess: AppProcess, assert: any) {
  // The days add up to every demo sale once the worker has applied the events.
  const counted = async () => (await count(appProcess, 'SELECT (SELECT count(*) FROM purchases) - (SELECT COALESCE(SUM(purchases), 0) FROM analytics_daily)')) === 0
  assert.isTrue(await waitUntil(appProcess, counted, 60_000), appProcess.output())
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } })
    const problems: string[] = []
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${appProcess.url}/sign-in`)
    const owner = DEMO_ACCOUNTS.find((account) => account.role === 'owner')!
    await page.getByLabel('E-mail', { exact: true }).fill(owner.email)
    await page.getByLabel('Mot de passe', { exact: true }).fill(owner.password)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
    const today = DateTime.now().setZone('Europe/Paris')
    await page.goto(`${appProcess.url}/admin/dashboard?from=${today.minus({ days: 89 }).toISODate()}&to=${today.toISODate()}`)
    assert.notEqual((await page.locator('#card-revenue .figure').textContent())!.trim(), '0,00 €')
    assert.isAbove(await page.locator('svg.trend rect:not([height="0"])').count(), 10)
    assert.isTrue(await page.getByRole('img', { name: /Chiffre d'affaires par jour/ }).isVisible())
    // The demo's members joined 180 to 210 days ago and bought since: cohorts with buyers in later months.
    assert.isAbove(await page.locator('#cohorts table tbody tr').count(), 0)
    assert.isAbove(await page.locator('#cohorts td:is(.shade-1, .shade-2, .shade-3, .shade-4)').count(), 0)
    // Visits by weekday and hour: seven rows, the demo's trading hours as columns, the busiest shaded darkest.
    assert.equal(await page.locator('#hours table tbody tr').count(), 7)
    assert.isAbove(await page.locator('#hours td.shade-4').count(), 0)
    assert.notEqual((await page.locator('#members-total').textContent())!.trim(), '0')
    assert.notEqual((await page.locator('#members-active90').textContent())!.trim(), '0')
    assert.deepEqual(problems, [], problems.join('\n'))
  } finally {
    await browser.close()
  }
}

const healthy = (appProcess: AppProcess) => async () => (await fetch(`${appProcess.url}/health`)).status === 200

test.group('Starting the application (npm start)', () => {
  test('in development the first start migrates, seeds the demo shop and serves it with all roles; its dashboard renders in Chromium', async ({ assert }) => {
    const appProcess = await startApp({ NODE_ENV: 'development' })
    try {
      assert.isTrue(await waitUntil(appProcess, healthy(appProcess)), appProcess.output())
      assert.include(appProcess.output(), 'roles: web, worker, scheduler')
      assert.include(appProcess.output(), 'demo-owner-comptoir')
      const signIn = await (await fetch(`${appProcess.url}/sign-in`, { headers: { 'accept-language': 'fr' } })).text()
      assert.include(signIn, 'cashier@cafe-des-arts.test')
      assert.equal(await count(appProcess, "SELECT count(*) FROM stores WHERE slug = 'cafe-des-arts' AND timezone = 'Europe/Paris' AND currency = 'EUR'"), 1)
      assert.equal(await count(appProcess, 'SELECT count(*) FROM staff_members'), 3)
      // 200 customers, and four the demo's animations concern on its first day (database/seeders/demo_shop.ts).
      assert.equal(await count(appProcess, 'SELECT count(*) FROM customers'), 204)
      assert.equal(await count(appProcess, "SELECT count(*) FROM animations WHERE status = 'active'"), 3)
      // The scheduler's first tick fires them, the worker sends: two birthdays, two wake-ups (held to 08:00 when started in quiet hours).
      const sent = () => count(appProcess, "SELECT count(*) FROM deliveries WHERE status = 'sent' OR (status = 'held' AND reason = 'quiet_hours')").then((total) => total === 4)
      assert.isTrue(await waitUntil(appProcess, sent, 30_000), appProcess.output())
      assert.isAbove(await count(appProcess, 'SELECT count(*) FROM purchases'), 500)
      // The demo purchases earned through the loyalty engine: a ledger whose sums are the cached balances.
      assert.equal(await count(appProcess, "SELECT count(*) FROM loyalty_programs WHERE status = 'active'"), 1)
      assert.isAbove(await count(appProcess, "SELECT count(*) FROM ledger_entries WHERE kind = 'earn'"), 500)
      assert.isAbove(await count(appProcess, 'SELECT count(*) FROM vouchers'), 0)
      assert.equal(await count(appProcess, 'SELECT count(*) FROM purchases p WHERE p.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.cause_id = p.public_id)'), 0)
      assert.equal(
        await count(appProcess, "SELECT count(*) FROM loyalty_accounts a WHERE a.points <> (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.account_id = a.id AND e.unit = 'points')"),
        0
      )
      // The whole demo ledger is consistent: balances and open lots rebuilt from the entries match.
      const check = spawnSync(process.execPath, ['ace', 'loyalty:check'], { cwd: app.makePath(), env: appProcess.env, encoding: 'utf8', timeout: 60_000 })
      assert.equal(check.status, 0, `${check.stdout}${check.stderr}`)
      assert.include(check.stdout, ': 0 differences')
      await seeTheDemoDashboard(appProcess, assert)
    } finally {
      await appProcess.stop()
    }
  }).timeout(120_000)

  test('in production nothing is seeded, no account exists and the first-run page creates the owner', async ({ assert }) => {
    const appProcess = await startApp({ NODE_ENV: 'production' })
    try {
      assert.isTrue(await waitUntil(appProcess, healthy(appProcess)), appProcess.output())
      const home = await fetch(`${appProcess.url}/sign-in`, { redirect: 'manual' })
      assert.equal(home.status, 302)
      assert.match(home.headers.get('location') ?? '', /\/setup$/)
      assert.equal(await count(appProcess, 'SELECT count(*) FROM staff_members'), 0)
      assert.equal(await count(appProcess, 'SELECT count(*) FROM customers'), 0)
      assert.notInclude(appProcess.output(), 'demo-owner-comptoir')
    } finally {
      await appProcess.stop()
    }
  }).timeout(120_000)

  test('production refuses to start with a short APP_KEY', async ({ assert }) => {
    const appProcess = await startApp({ NODE_ENV: 'production', APP_KEY: 'too-short' })
    try {
      await waitUntil(appProcess, async () => false, 40_000)
      assert.isNotNull(appProcess.exited())
      assert.include(appProcess.output(), 'APP_KEY must be at least 32')
    } finally {
      await appProcess.stop()
    }
  }).timeout(120_000)

  test('COMPTOIR_ROLES=worker,scheduler runs the background roles without serving HTTP', async ({ assert }) => {
    const appProcess = await startApp({ NODE_ENV: 'production', COMPTOIR_ROLES: 'worker,scheduler' })
    try {
      assert.isTrue(await waitUntil(appProcess, async () => appProcess.output().includes('roles: worker, scheduler')), appProcess.output())
      await assert.rejects(() => fetch(`${appProcess.url}/health`))
      assert.isNull(appProcess.exited())
    } finally {
      await appProcess.stop()
    }
  }).timeout(120_000)
})
