import { readdirSync, readFileSync } from 'node:fs'
import puppeteer from 'puppeteer-core'

/*
 * The denominator and the memory probes. The bare browser is
 * ../shared/tools/perf/pdf_bench.js's: Debian's Chromium, its flags, one
 * page reused for every document, setContent(html, { waitUntil: 'load' })
 * then page.pdf(layout), nothing else (JavaScript on, no interception).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const BARE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

export function launchBare() {
  return puppeteer.launch({ executablePath: CHROMIUM, args: BARE_ARGS, headless: true })
}

export async function barePrint(page, html, layout) {
  await page.setContent(html, { waitUntil: 'load' })
  return page.pdf(layout)
}

/** Launch, one page, one document, close: what a renderer without a pool pays per request. */
export async function coldPrint(html, layout) {
  const started = performance.now()
  const browser = await launchBare()
  const page = await browser.newPage()
  await barePrint(page, html, layout)
  await browser.close()
  return performance.now() - started
}

/* ---------------------------------------------------------------- /proc */

function processTable() {
  const table = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.push({ pid: Number(name), ppid: Number(fields[1]) })
    } catch {
      // Gone between the listing and the read: a renderer process that just ended.
    }
  }
  return table
}

/** `pid` and every process under it. */
export function treeOf(pid, table = processTable()) {
  const out = [pid]
  for (let i = 0; i < out.length; i++) for (const row of table) if (row.ppid === out[i]) out.push(row.pid)
  return out
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}

/** The Chromium browsers this process launched (children running chromium), but the ones in `except`. */
export function chromiumBrowsers(except = []) {
  return processTable()
    .filter((row) => row.ppid === process.pid && !except.includes(row.pid) && commandOf(row.pid).includes('chromium'))
    .map((row) => row.pid)
}

function kB(pid, file, key) {
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/**
 * Memory of the browsers' process trees: the sum of VmRSS (counts the pages
 * the processes share once per process, so it overstates) and of their
 * private pages (Private_Clean + Private_Dirty: what no other process maps,
 * so it understates, but it does not move when other programs on the box
 * map the same libraries, as Pss does, and it is where a leak would grow).
 */
export function treeMemory(browserPids) {
  const table = processTable()
  const pids = browserPids.flatMap((pid) => treeOf(pid, table))
  const sum = (read) => pids.reduce((total, pid) => total + read(pid), 0)
  return {
    processes: pids.length,
    rss: sum((pid) => kB(pid, 'status', 'VmRSS')),
    private: sum((pid) => kB(pid, 'smaps_rollup', 'Private_Clean') + kB(pid, 'smaps_rollup', 'Private_Dirty')),
  }
}

/** The same, by Chromium process type (--type=renderer, gpu-process, zygote, utility; none: the browser). */
export function treeMemoryByType(browserPids) {
  const table = processTable()
  const types = {}
  for (const pid of browserPids.flatMap((browser) => treeOf(browser, table))) {
    const type = /--type=([\w-]+)/.exec(commandOf(pid))?.[1] ?? (commandOf(pid).includes('chromium') ? 'browser' : 'other')
    const row = (types[type] ??= { processes: 0, rss: 0, private: 0 })
    row.processes += 1
    row.rss += kB(pid, 'status', 'VmRSS')
    row.private += kB(pid, 'smaps_rollup', 'Private_Clean') + kB(pid, 'smaps_rollup', 'Private_Dirty')
  }
  return types
}
