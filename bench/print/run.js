/*
 * bench/print — `npm run bench:print`
 *
 * The enrolment poster (research/performance.md S7, §2.8), on a fresh
 * database with one store and an active programme with the demo rules,
 * the application booted in this process (app.js):
 *
 * 1. Latency, one poster at a time: printPoster() end to end (data fetch,
 *    QR code, Edge, the shared warm pool of app/printing/pdf_renderer.ts)
 *    against a bare Chromium in the same run (chromium.js: the flags of
 *    ../shared/tools/perf/pdf_bench.js, one reused page, setContent(html,
 *    { waitUntil: 'load' }) + page.pdf) printing the very HTML posterHtml()
 *    made, with the same layout. Interleaved sample by sample (the order
 *    rotates), after a warm-up; also posterHtml() alone and renderPdf() of
 *    that HTML alone, to say where the time goes. Targets: median ≤ 1.5×
 *    the bare median, p95 ≤ 2× the bare p95.
 * 2. Throughput, 4 posters in flight: printPoster() (the shared pool prints
 *    2 at a time) against the bare browser with 4 pages; target ≥ 0.8×. For
 *    fairness also the bare browser with 2 pages, and the same code with a
 *    pool of 4 (posterHtml + a PdfRenderer of concurrency 4). --throughput
 *    posters each, in 4 rounds, the order rotating.
 * 3. A cold launch (launch, page, print, close) for reference: what every
 *    request would pay without the pool.
 * 4. Memory over --renders posters (4 in flight): RSS of this process (heap
 *    after a GC when run with --expose-gc, as the npm script does) and of the
 *    pool's Chromium process tree (VmRSS and private pages summed over the
 *    browser and its descendants, from /proc) after each batch of 100
 *    posters, once the batch is done, and the renderer's counters (a page
 *    is replaced every 50 documents). Flat: node and Chromium RSS within
 *    +20 % from the 200th poster to the last. The bare browser's tree after
 *    its documents, for comparison.
 *
 * Options: --db=sqlite|pg (pg: a schema of its own in the `test` database on
 * 127.0.0.1:5432, BENCH_PG_URL), --samples=200, --warmup=20, --throughput=120
 * (posters per throughput measure), --renders=1000, --format=A4, --locale=fr.
 * Prints a table, the verdicts, then one JSON line. About 3 minutes on the
 * 2-core machine (4 when other jobs load it). Exit code 0 whether or not
 * the targets are met.
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { bootApp, STORE } from './app.js'
import { barePrint, chromiumBrowsers, CHROMIUM, coldPrint, launchBare, treeMemory, treeMemoryByType } from './chromium.js'
import { createAppDatabase, dropAppDatabase } from './databases.js'
import { ms, reporter, times, verdict } from './report.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    samples: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    throughput: { type: 'string', default: '120' },
    renders: { type: 'string', default: '1000' },
    format: { type: 'string', default: 'A4' },
    locale: { type: 'string', default: 'fr' },
  },
})
const SAMPLES = Number(values.samples)
const WARMUP = Number(values.warmup)
const THROUGHPUT = Number(values.throughput)
const RENDERS = Number(values.renders)
const TARGETS = { median: 1.5, p95: 2, throughput: 0.8, memoryGrowth: 0.2 }
const SETTLE_MS = 300
const ROUNDS = 4
const { printLatency, printThroughput, printMemory } = reporter({ SAMPLES, WARMUP, THROUGHPUT, RENDERS, TARGETS })

const sorted = (list) => [...list].sort((a, b) => a - b)
const median = (list) => {
  const s = sorted(list)
  const middle = Math.floor(s.length / 2)
  return s.length % 2 ? s[middle] : (s[middle - 1] + s[middle]) / 2
}
/** Nearest rank: the smallest sample with 95 % of the samples at or below it. */
const p95 = (list) => sorted(list)[Math.ceil(list.length * 0.95) - 1]
const stats = (list) => ({ median: median(list), p95: p95(list), min: Math.min(...list), max: Math.max(...list) })
/** The page posterHtml says Chromium prints on (older versions gave only the format). */
const layoutOf = (app, poster) => poster.layout ?? app.pdfLayoutOf(poster.format)

async function timed(fn) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

/** `count` calls of `fn`, `inflight` at a time: posters per second. */
async function throughputOf(fn, { count, inflight }) {
  let started = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: inflight }, async (_, lane) => {
      while (started < count) {
        started += 1
        await fn(lane)
      }
    })
  )
  return count / ((performance.now() - t0) / 1000)
}

/* ---------------------------------------------------------------- 1. latency */

async function measureLatency({ app, input, html, layout, barePage }) {
  const runs = {
    bare: () => barePrint(barePage, html, layout),
    printPoster: () => app.printPoster(input),
    posterHtml: () => app.posterHtml(input),
    renderPdf: () => app.renderPdf(html, layout),
  }
  const names = Object.keys(runs)
  for (let i = 0; i < WARMUP; i++) for (const name of names) await runs[name]()
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  // The documents that found their page used up (every rendersPerPage-th) and opened a new one first.
  const counters = app.pdfRenderer().counters
  const withNewPage = []
  for (let i = 0; i < SAMPLES; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]
      const opened = counters.pagesOpened
      const elapsed = await timed(runs[name])
      samples[name].push(elapsed)
      if (counters.pagesOpened > opened) withNewPage.push(elapsed)
    }
  }
  return { ...Object.fromEntries(names.map((name) => [name, stats(samples[name])])), withNewPage: withNewPage.length ? { count: withNewPage.length, ...stats(withNewPage) } : null }
}

/* ---------------------------------------------------------------- 2. throughput */

/** Rounds of a share of the posters each, the order rotating, so a busy spell of the box falls on every side alike. */
async function measureThroughput({ app, input, html, layout, bare }) {
  const pages = await Promise.all([0, 1, 2, 3].map(() => bare.newPage()))
  for (const page of pages) await barePrint(page, html, layout)
  const pool4 = new app.PdfRenderer({ ...app.pdfRenderer().options, concurrency: 4 })
  const pool4Print = async () => {
    const poster = await app.posterHtml(input)
    return pool4.render(poster.html, layoutOf(app, poster))
  }
  const runs = {
    bare4: (count) => throughputOf((lane) => barePrint(pages[lane], html, layout), { count, inflight: 4 }),
    app: (count) => throughputOf(() => app.printPoster(input), { count, inflight: 4 }),
    bare2: (count) => throughputOf((lane) => barePrint(pages[lane], html, layout), { count, inflight: 2 }),
    pool4: (count) => throughputOf(pool4Print, { count, inflight: 4 }),
  }
  const names = Object.keys(runs)
  const seconds = Object.fromEntries(names.map((name) => [name, 0]))
  const count = Math.ceil(THROUGHPUT / ROUNDS)
  try {
    await runs.pool4(8)
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length]
        seconds[name] += count / (await runs[name](count))
      }
    }
    return Object.fromEntries(names.map((name) => [name, (count * ROUNDS) / seconds[name]]))
  } finally {
    await pool4.close()
    for (const page of pages) await page.close()
  }
}

/* ---------------------------------------------------------------- 4. memory */

/** Taken between batches, all documents done and a closed page's renderer process given time to exit. */
async function sample(done, renderer, pids) {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
  globalThis.gc?.()
  const memory = process.memoryUsage()
  const chromium = treeMemory(pids)
  return { renders: done, nodeRss: memory.rss, heapUsed: memory.heapUsed, chromiumRss: chromium.rss, chromiumPrivate: chromium.private, processes: chromium.processes, pagesOpened: renderer.counters.pagesOpened }
}

/** Batches of 100 posters, 4 in flight, a sample after each: posters/s counts the batches only. */
async function measureMemory({ app, input }) {
  const renderer = app.pdfRenderer()
  const pids = chromiumBrowsers()
  const series = [{ ...(await sample(0, renderer, pids)), rate: null }]
  for (let done = 0; done < RENDERS; ) {
    const batch = Math.min(100, RENDERS - done)
    const rate = await throughputOf(() => app.printPoster(input), { count: batch, inflight: 4 })
    done += batch
    series.push({ ...(await sample(done, renderer, pids)), rate })
  }
  const from = series.find((row) => row.renders >= Math.min(200, RENDERS))
  const to = series[series.length - 1]
  const later = series.filter((row) => row.renders >= from.renders)
  const growth = (key) => ({ last: to[key] / from[key] - 1, min: Math.min(...later.map((row) => row[key])), max: Math.max(...later.map((row) => row[key])) })
  return { browsers: pids.length, series, byType: treeMemoryByType(pids), from: from.renders, growth: Object.fromEntries(['nodeRss', 'heapUsed', 'chromiumRss', 'chromiumPrivate'].map((key) => [key, growth(key)])), counters: { ...renderer.counters } }
}

/* ---------------------------------------------------------------- main */

console.log(`bench/print: the ${values.format} enrolment poster of "${STORE.name}" (${values.locale}), on ${values.db}, Chromium ${CHROMIUM}`)
console.log('Comptoir = printPoster() in this process (store and programmes read, QR code, Edge, the shared warm Chromium pool);')
console.log('bare = puppeteer-core, pdf_bench.js flags, one reused page, setContent + page.pdf of the same HTML and layout, same run.')
const { env, database } = await createAppDatabase({ connection: values.db, root })
let app
try {
  app = await bootApp(env)
  const input = { template: 'enrolment', storeSlug: STORE.slug, format: values.format, locale: values.locale }
  let firstPdf
  const firstMs = await timed(async () => (firstPdf = (await app.printPoster(input)).pdf))
  const poster = await app.posterHtml(input)
  const { html } = poster
  const layout = layoutOf(app, poster)
  const bare = await launchBare()
  const barePage = await bare.newPage()
  const barePdf = await barePrint(barePage, html, layout)
  console.log(`First printPoster (the pool launches Chromium): ${ms(firstMs)} · HTML ${html.length} chars · PDF ${firstPdf.length} bytes (bare ${barePdf.length})`)

  let phase = performance.now()
  const seconds = () => {
    const elapsed = (performance.now() - phase) / 1000
    phase = performance.now()
    return elapsed
  }
  const latency = await measureLatency({ app, input, html, layout, barePage })
  const ratios = {
    median: latency.printPoster.median / latency.bare.median,
    p95: latency.printPoster.p95 / latency.bare.p95,
    poolMedian: latency.renderPdf.median / latency.bare.median,
    poolP95: latency.renderPdf.p95 / latency.bare.p95,
  }
  printLatency(latency, ratios, seconds())

  const throughput = await measureThroughput({ app, input, html, layout, bare })
  const concurrency = app.pdfRenderer().options.concurrency
  printThroughput(throughput, concurrency, seconds())
  const bareMemory = { ...treeMemory([bare.process().pid]), documents: 1 + WARMUP + SAMPLES + 4 + 2 * ROUNDS * Math.ceil(THROUGHPUT / ROUNDS) }
  await bare.close()

  const cold = []
  for (let i = 0; i < 3; i++) cold.push(await coldPrint(html, layout))
  console.log(`\nCold, for reference: launch + page + setContent + pdf + close, median of 3: ${ms(median(cold))} (${times(median(cold) / latency.bare.median)} a warm bare page; runs ${cold.map((n) => n.toFixed(0)).join(', ')} ms)`)

  seconds()
  const memory = await measureMemory({ app, input })
  const flat = printMemory(memory, bareMemory, seconds())

  const met = { median: ratios.median <= TARGETS.median, p95: ratios.p95 <= TARGETS.p95, throughput: throughput.app / throughput.bare4 >= TARGETS.throughput, memoryFlat: flat }
  console.log(`\nVerdict: median ${verdict(met.median)}, p95 ${verdict(met.p95)}, throughput ${verdict(met.throughput)}, memory flat ${verdict(met.memoryFlat)}`)
  const round = (value) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)))
  console.log(
    JSON.stringify(
      round({
        bench: 'print',
        db: values.db,
        poster: input,
        firstPrintMs: firstMs,
        latency,
        ratios,
        throughput: { ...throughput, poolConcurrency: concurrency, ratio: throughput.app / throughput.bare4 },
        coldMs: median(cold),
        memory: { ...memory, bareBrowser: bareMemory },
        targets: TARGETS,
        met,
      })
    )
  )
} finally {
  await app?.terminate()
  await dropAppDatabase(database)
}
// Pooled clients (database, Redis) may keep the loop alive after terminate().
process.exit(0)
