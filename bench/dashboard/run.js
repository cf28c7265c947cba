/*
 * bench/dashboard: the dashboard's figures (dashboardFigures(), the code
 * behind GET /admin/dashboard) on Postgres with 1,000,000 customers in 100
 * stores, first with 1,000,000 purchases, then with 10,000,000 (nine
 * million more, further back in the history), in the same run. The daily
 * figures are written by the app's own rebuild (analytics:rebuild), timed
 * too. Each question is asked N times: median and p95, and divided by a
 * bare `SELECT count(*) FROM customers` measured on the same database just
 * before (research/performance.md, S4's denominator). Targets: under
 * 200 ms, and flat as history grows (10M ÷ 1M ≈ 1). Then the results
 * page of a campaign sent to 100,000 of the customers (sourceResults()).
 *
 *   npm run bench:dashboard [-- --customers=1000000 --purchases=1000000,10000000 --samples=30]
 */
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { createAppDatabase, dropAppDatabase } from '../animations/databases.js'
import { bootConsoleApp } from '../boot_app.js'

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    purchases: { type: 'string', default: '1000000,10000000' },
    stores: { type: 'string', default: '100' },
    samples: { type: 'string', default: '30' },
  },
})
const customers = Number(values.customers)
const sizes = values.purchases.split(',').map(Number)
const storeCount = Number(values.stores)
const samples = Number(values.samples)
const root = new URL('../../', import.meta.url).pathname
const name = `comptoir_bench_dashboard_${process.pid}`
const fmt = (n) => new Intl.NumberFormat('en-GB').format(n)
const ms = (value) => `${value.toFixed(1)} ms`
const CAMPAIGN_ID = 999_999
/** The demo programme's valuation: a point is worth 5 cents, nine stamps a 2.50 € coffee. */
const BENCH_RULES = {
  points: { per_euro: 1, excluded_skus: [], excluded_categories: [], validity_months: 12, pending_days: 0, point_value_cents: 5 },
  stamps: { skus: [], categories: ['café'], goal: 9, reward: { kind: 'product', product_label: 'Un café offert', value_cents: 250, validity_days: 60 }, validity_months: null },
  cashback: null,
  tiers: null,
  automatic_rewards: [],
  refunds: { restore_redeemed: true },
}

const env = await createAppDatabase({ connection: 'pg', name, workDir: `${root}tmp/`, root, queuePrefix: `cpt-bench-dash-${process.pid}` })
Object.assign(process.env, env)
const client = new pg.Client({ connectionString: env.DATABASE_URL })
await client.connect()
const sql = (text, params) => client.query(text, params)

try {
  console.log(`bench/dashboard: ${fmt(customers)} customers in ${storeCount} stores, purchases ${sizes.map(fmt).join(' then ')}, on Postgres`)
  let started = performance.now()
  await seedStoresAndCustomers()
  console.log(`  stores and customers seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`)

  const app = await bootConsoleApp()
  const { dashboardFigures } = await import('#analytics/dashboard_figures')
  const { memberCounts } = await import('#analytics/member_counts')
  const { pointsLiability } = await import('#analytics/points_liability')
  const { sourceResults } = await import('#analytics/results/source_results')
  await seedCampaignFirings()
  const { rebuildDailyFigures } = await import('#analytics/rebuild_daily')
  const results = []
  let seeded = 0
  for (const size of sizes) {
    started = performance.now()
    // The newer purchases first (the last year), the rest further back: history grows backwards, the questions stay on recent days.
    await seedPurchases(seeded, size - seeded)
    await sql('ANALYZE')
    const seedSeconds = (performance.now() - started) / 1000
    started = performance.now()
    const rebuilt = await rebuildDailyFigures((await sql("SELECT to_char(min(occurred_at) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day FROM purchases")).rows[0].day)
    const rebuildSeconds = (performance.now() - started) / 1000
    // What autovacuum does soon after so many new rows: statistics and visibility for the planner (not timed).
    await sql('VACUUM ANALYZE analytics_daily, analytics_hourly, analytics_cohorts, analytics_cohort_sizes, analytics_active_months, analytics_members')
    seeded = size
    console.log(`\n== ${fmt(size)} purchases (seeded in ${seedSeconds.toFixed(0)} s); figures rebuilt in ${rebuildSeconds.toFixed(0)} s (${fmt(rebuilt.days)} store-days, ${fmt(rebuilt.hours)} store-hours, ${fmt(rebuilt.members)} members)`)
    const baseline = await timed(() => sql('SELECT count(*) FROM customers'))
    console.log(`  bare count(*) of customers: median ${ms(baseline.median)}, p95 ${ms(baseline.p95)}`)
    const store = (await sql("SELECT id FROM stores WHERE slug = 'store-1'")).rows[0].id
    const today = (await sql("SELECT to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day")).rows[0].day
    const daysBefore = (days) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
    const questions = [
      { label: 'last 30 days, all stores', period: { fromOn: daysBefore(29), toOn: today, storeId: null, today } },
      { label: 'last 30 days, one store', period: { fromOn: daysBefore(29), toOn: today, storeId: Number(store), today } },
      { label: 'last 365 days, all stores', period: { fromOn: daysBefore(364), toOn: today, storeId: null, today } },
    ]
    for (const question of questions) {
      const figures = await timed(() => dashboardFigures(question.period))
      // Of which today's members (from the cohort sizes and the days' "last seen") and the balances' worth (summed over the accounts).
      const members = await timed(() => memberCounts(question.period.storeId, today))
      const liability = await timed(() => pointsLiability())
      const result = { purchases: size, question: question.label, median: figures.median, p95: figures.p95, ratio: figures.median / baseline.median, baseline: baseline.median, membersMedian: members.median, liabilityMedian: liability.median, rebuildSeconds }
      results.push(result)
      console.log(
        `  ${question.label.padEnd(28)} median ${ms(figures.median).padStart(9)}  p95 ${ms(figures.p95).padStart(9)}  ÷ count(*) ${result.ratio.toFixed(2)}×  (target < 200 ms: ${figures.p95 < 200 ? 'met' : 'NOT met'}); of which members ${ms(members.median)}, points' worth ${ms(liability.median)}`
      )
    }
    // Where the time goes, for the longest question (each part alone; the page runs them at once).
    const longest = questions[questions.length - 1].period
    const { cohortGrid, monthlyFrequency } = await import('#analytics/cohort_figures')
    const { visitHeatMap } = await import('#analytics/visit_hours')
    const parts = {
      cohorts: await timed(() => cohortGrid(null, longest.toOn), 5),
      frequency: await timed(() => monthlyFrequency(null, longest.fromOn, longest.toOn), 5),
      hours: await timed(() => visitHeatMap(null, longest.fromOn, longest.toOn), 5),
    }
    console.log(`  parts of "${questions[questions.length - 1].label}": ${Object.entries(parts).map(([part, time]) => `${part} ${ms(time.median)}`).join(', ')}`)
    // A campaign's results page: a tenth of the customers fired (10 % of them held out), each firing joined to its customer's purchases in the 7 days after.
    const campaign = await timed(() => sourceResults({ type: 'campaign', id: CAMPAIGN_ID, publicId: 'bench-campaign' }, 7), Math.min(samples, 5))
    results.push({ purchases: size, question: `results of a ${fmt(customers / 10)}-customer campaign`, median: campaign.median, p95: campaign.p95, ratio: campaign.median / baseline.median, baseline: baseline.median })
    console.log(`  ${`campaign, ${fmt(customers / 10)} firings`.padEnd(28)} median ${ms(campaign.median).padStart(9)}  p95 ${ms(campaign.p95).padStart(9)}  ÷ count(*) ${(campaign.median / baseline.median).toFixed(2)}×`)
  }
  if (sizes.length > 1) {
    console.log(`\nAs history grows (${fmt(sizes[0])} → ${fmt(sizes[sizes.length - 1])} purchases), median ratio per question (flat ≈ 1):`)
    for (const question of new Set(results.map((result) => result.question))) {
      const [first, last] = [results.find((r) => r.question === question && r.purchases === sizes[0]), results.find((r) => r.question === question && r.purchases === sizes[sizes.length - 1])]
      console.log(`  ${question.padEnd(28)} ${(last.median / first.median).toFixed(2)}×`)
    }
  }
  console.log(JSON.stringify({ bench: 'dashboard', customers, stores: storeCount, results }))
  await app.terminate()
} finally {
  await client.end()
  await dropAppDatabase({ connection: 'pg', name, env })
}

async function timed(run, count = samples) {
  for (let i = 0; i < 3; i++) await run()
  const times = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] }
}

async function seedStoresAndCustomers() {
  await sql(
    `INSERT INTO stores (public_id, slug, name, country, timezone, currency, is_default, created_at, updated_at)
     SELECT '01BENCHS' || lpad(g::text, 18, '0'), 'store-' || g, 'Boutique ' || g, 'FR', 'Europe/Paris', 'EUR', g = 1, now(), now() FROM generate_series(1, $1::int) g`,
    [storeCount]
  )
  await sql(
    `INSERT INTO customers (public_id, store_id, first_name, card_code, referral_code, locale, source, email_marketing, created_at, updated_at)
     SELECT '01BENCHC' || lpad(g::text, 18, '0'), s.first_id + (g % $2::int), 'Camille', 'B' || lpad(g::text, 9, '0'), 'R' || lpad(g::text, 7, '0'), 'fr', 'seed', g % 10 <> 3,
            now() - ((g * 7919) % (3 * 365)) * interval '1 day', now()
     FROM generate_series(0, $1::bigint - 1) g CROSS JOIN (SELECT min(id) AS first_id FROM stores) s`,
    [customers, storeCount]
  )
  // One programme, every customer with an account and a balance; 100,000 vouchers over the last year, a third of them used.
  await sql(
    `INSERT INTO loyalty_programs (public_id, name, store_id, enrolment, status, rules, rules_version, created_at, updated_at)
     VALUES ('01BENCHPROGRAM000000000000', 'Programme', NULL, 'auto', 'active', $1, 1, now(), now())`,
    [JSON.stringify(BENCH_RULES)]
  )
  await sql(`INSERT INTO loyalty_accounts (customer_id, program_id, points, stamps, cashback_cents, created_at, updated_at)
             SELECT c.id, p.id, c.id % 500, c.id % 9, 0, now(), now() FROM customers c CROSS JOIN loyalty_programs p`)
  await sql(
    `INSERT INTO vouchers (public_id, code, customer_id, program_id, source, kind, value_cents, status, issued_at, expires_at, terms)
     SELECT '01BENCHV' || lpad(g::text, 18, '0'), 'V' || lpad(g::text, 9, '0'), (SELECT min(id) FROM customers) + (g * 7919) % $1::bigint, p.id, 'automatic', 'amount', 500,
            CASE WHEN g % 3 = 0 THEN 'redeemed' ELSE 'issued' END, t.at, t.at + interval '60 days', '{}'
     FROM generate_series(0::bigint, 99999::bigint) g CROSS JOIN loyalty_programs p CROSS JOIN LATERAL (SELECT now() - ((g * 104729) % (365 * 86400)) * interval '1 second' AS at) t`,
    [customers]
  )
  await sql(
    `INSERT INTO redemptions (public_id, store_id, customer_id, kind, voucher_id, units, discount_cents, status, source, created_at)
     SELECT '01BENCHR' || lpad(v.id::text, 18, '0'), c.store_id, v.customer_id, 'voucher', v.id, 0, 500, 'applied', 'api', v.issued_at + interval '1 day'
     FROM vouchers v JOIN customers c ON c.id = v.customer_id WHERE v.status = 'redeemed' AND v.issued_at < now() - interval '1 day'`
  )
  await sql(`INSERT INTO customer_activity (customer_id, total_spent_cents, visit_count, last_purchase_at)
             SELECT id, 1250 * (1 + id % 20), 1 + id % 20, now() - ((id::bigint * 104729) % (365 * 86400)) * interval '1 second' FROM customers`)
}

/** A campaign sent 20 days ago to a tenth of the customers, a tenth of those held out (the app's default share). */
async function seedCampaignFirings() {
  await sql(
    `INSERT INTO firings (source_type, source_id, customer_id, occurrence_key, holdout, points_awarded, created_at)
     SELECT 'campaign', $1, c.id, 'send', c.id % 10 = 0, 0, now() - interval '20 days'
     FROM customers c WHERE c.id % 100 < 10`,
    [CAMPAIGN_ID]
  )
}

/** `count` purchases after the first `offset`: the first million over the last year, the others over the years before it. */
async function seedPurchases(offset, count) {
  const chunk = 1_000_000
  for (let at = offset; at < offset + count; at += chunk) {
    const n = Math.min(chunk, offset + count - at)
    await sql(
      `INSERT INTO purchases (public_id, store_id, customer_id, by_member, total_cents, currency, source, occurred_at, created_at)
       SELECT '01BENCHP' || lpad(g::text, 18, '0'), c.store_id, CASE WHEN g % 4 = 0 THEN NULL ELSE c.id END, g % 4 <> 0, 300 + (g * 37) % 9000, 'EUR', 'seed', t.at, t.at
       FROM generate_series($1::bigint, $2::bigint) g
       CROSS JOIN LATERAL (SELECT now() - (CASE WHEN g < 1000000 THEN (g * 104729) % (365 * 86400) ELSE 365 * 86400 + (g * 104729) % (9 * 365 * 86400) END) * interval '1 second' AS at) t
       JOIN customers c ON c.id = (SELECT min(id) FROM customers) + (g * 7919) % $3::bigint`,
      [at, at + n - 1, customers]
    )
  }
}
