/*
 * The tables of run.js: latency, throughput, memory, with the ratios and
 * verdicts against the targets (research/performance.md S7).
 */
export const ms = (n) => `${n.toFixed(1)} ms`
export const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`
export const times = (n) => `${n.toFixed(2)}×`
export const verdict = (ok) => (ok ? 'met' : 'NOT met')

export function reporter({ SAMPLES, WARMUP, THROUGHPUT, RENDERS, TARGETS }) {
  function printLatency(latency, ratios, seconds) {
    console.log(`\nOne poster at a time (${SAMPLES} samples each, interleaved, after ${WARMUP} warm-up; ${seconds.toFixed(0)} s):`)
    console.log(`  ${''.padEnd(46)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}`)
    const row = (label, s) => console.log(`  ${label.padEnd(46)} ${ms(s.median).padStart(9)} ${ms(s.p95).padStart(9)} ${ms(s.min).padStart(9)} ${ms(s.max).padStart(9)}`)
    row('bare Chromium: setContent + pdf (reused page)', latency.bare)
    row('Comptoir printPoster (data + Edge + pool)', latency.printPoster)
    row('  posterHtml alone (data, QR code, Edge)', latency.posterHtml)
    row('  renderPdf alone, same HTML (the pool)', latency.renderPdf)
    if (latency.withNewPage) row(`  the ${latency.withNewPage.count} of those two that opened a new page first`, latency.withNewPage)
    console.log(`  ratio median ${times(ratios.median)} (target ≤ ${TARGETS.median}×: ${verdict(ratios.median <= TARGETS.median)}) · p95 ${times(ratios.p95)} (target ≤ ${TARGETS.p95}×: ${verdict(ratios.p95 <= TARGETS.p95)}) · pool alone / bare: median ${times(ratios.poolMedian)}, p95 ${times(ratios.poolP95)}`)
  }

  function printThroughput(t, concurrency, seconds) {
    console.log(`\nThroughput, ${THROUGHPUT} posters each in 4 rounds, order rotating (the shared pool prints ${concurrency} at a time; ${seconds.toFixed(0)} s):`)
    const row = (label, rate) => console.log(`  ${label.padEnd(60)} ${rate.toFixed(1).padStart(6)} posters/s`)
    row('bare Chromium, 4 pages, 4 in flight', t.bare4)
    row(`Comptoir printPoster, 4 in flight (pool of ${concurrency})`, t.app)
    row('bare Chromium, 2 pages, 2 in flight', t.bare2)
    row('posterHtml + a PdfRenderer of concurrency 4, 4 in flight', t.pool4)
    console.log(`  printPoster / bare 4 pages ${times(t.app / t.bare4)} (target ≥ ${TARGETS.throughput}×: ${verdict(t.app / t.bare4 >= TARGETS.throughput)}) · vs bare 2 pages ${times(t.app / t.bare2)} · pool of 4 / bare 4 pages ${times(t.pool4 / t.bare4)}`)
  }

  function printMemory(memory, bareMemory, seconds) {
    console.log(`\nMemory over ${RENDERS} posters (printPoster, 4 in flight; ${memory.browsers} pool browser${memory.browsers === 1 ? '' : 's'} found under this process; ${seconds.toFixed(0)} s):`)
    console.log(`  ${'posters'.padStart(7)} ${'node RSS'.padStart(9)} ${globalThis.gc ? 'heap (GC)' : 'heap used'} ${'Chromium RSS'.padStart(12)} ${'Chr. private'.padStart(12)} ${'procs'.padStart(5)} ${'pages'.padStart(5)} ${'posters/s'.padStart(9)}`)
    memory.series.forEach((row) => {
      const rate = row.rate === null ? '' : row.rate.toFixed(1)
      console.log(`  ${String(row.renders).padStart(7)} ${mb(row.nodeRss).padStart(9)} ${mb(row.heapUsed).padStart(9)} ${mb(row.chromiumRss).padStart(12)} ${mb(row.chromiumPrivate).padStart(12)} ${String(row.processes).padStart(5)} ${String(row.pagesOpened).padStart(5)} ${rate.padStart(9)}`)
    })
    const pct = (n) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)} %`
    const g = memory.growth
    const flat = Math.max(g.nodeRss.last, g.chromiumRss.last) <= TARGETS.memoryGrowth
    const both = (key) => `${pct(g[key].last)} (${mb(g[key].min)}–${mb(g[key].max)})`
    console.log(`  poster ${memory.from} → ${RENDERS} (range from ${memory.from} on): node RSS ${both('nodeRss')}, heap ${both('heapUsed')}, Chromium RSS ${both('chromiumRss')}, private ${both('chromiumPrivate')}`)
    console.log(`  flat (node and Chromium RSS within +${TARGETS.memoryGrowth * 100} % at the end): ${verdict(flat)}`)
    const types = Object.entries(memory.byType).map(([type, row]) => `${type} ×${row.processes} ${mb(row.rss)} (private ${mb(row.private)})`)
    console.log(`  Chromium at the end, by process type: ${types.join(' · ')}`)
    console.log(`  renderer counters: ${JSON.stringify(memory.counters)}`)
    console.log(`  for comparison, the bare browser after its ${bareMemory.documents} documents (one page left open): RSS ${mb(bareMemory.rss)}, private ${mb(bareMemory.private)}, ${bareMemory.processes} processes`)
    return flat
  }

  return { printLatency, printThroughput, printMemory }
}
