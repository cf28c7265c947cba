import { accessSync, constants } from 'node:fs'
import { Exception } from '@adonisjs/core/exceptions'
import app from '@adonisjs/core/services/app'
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer-core'
import env from '#start/env'
import { marginsStyle, sheetOf } from '#printing/pdf_sheet'

/** No Chromium where CHROMIUM_PATH (or /usr/bin/chromium) points: nothing can be printed until it is installed. */
export class ChromiumMissingError extends Exception {
  static status = 503
  static code = 'E_CHROMIUM_MISSING'

  constructor(public executablePath: string) {
    super(`Chromium was not found at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
}

export class PdfTimeoutError extends Exception {
  static status = 503
  static code = 'E_PDF_TIMEOUT'

  constructor(timeoutMs: number) {
    super(`The PDF was not printed within ${timeoutMs} ms`)
  }
}

/** More documents wait than the queue holds: refused at once, so a burst cannot pile up requests without end. */
export class PdfBusyError extends Exception {
  static status = 503
  static code = 'E_PDF_BUSY'
  /** For the Retry-After header: a queue of documents of ~30 ms to 1 s each has moved on by then. */
  readonly retryAfterSeconds = 5

  constructor(waiting: number) {
    super(`The printer is busy (${waiting} documents are already waiting): try again in a few seconds`)
  }
}

export interface PdfRendererOptions {
  executablePath: string
  /** Documents printed at once; each has its own warm page. */
  concurrency: number
  /** A page is replaced after this many documents: Chromium's memory grows with each one. */
  rendersPerPage: number
  timeoutMs: number
  /** Documents that may wait for a slot (default 8); the next one is refused with PdfBusyError. */
  maxQueued?: number
}

export type PdfLayout = Pick<PDFOptions, 'format' | 'width' | 'height' | 'landscape' | 'margin' | 'printBackground' | 'preferCSSPageSize'>

interface WarmPage {
  page: Page
  renders: number
}

/** A page being opened in the background for one that retired; the document that claims it waits for it. */
interface Replacement {
  claimed: boolean
  page: Promise<WarmPage | null>
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions']

/**
 * Prints self-contained HTML to PDF (or a PNG of its first page) with one
 * Chromium, launched at the first document and shared by every caller.
 * Pages run no JavaScript and load nothing but data: URLs (invariant 9):
 * the HTML must inline its styles, images and fonts. A document that takes
 * longer than the timeout loses its page; one that finds `concurrency`
 * printing and `maxQueued` waiting is refused at once.
 */
export class PdfRenderer {
  #browser: Promise<Browser> | null = null
  #idle: WarmPage[] = []
  #replacements: Replacement[] = []
  #busy = 0
  #queue: Array<() => void> = []
  #captureTurn: Promise<unknown> = Promise.resolve()
  /** What the renderer did so far (pages opened, most documents printing at once, documents refused as busy). */
  readonly counters = { pagesOpened: 0, peakConcurrent: 0, refusedBusy: 0 }

  constructor(readonly options: PdfRendererOptions) {}

  async render(html: string, layout: PdfLayout = DEFAULT_LAYOUT, { timeoutMs = this.options.timeoutMs } = {}): Promise<Buffer> {
    return this.#onWarmPage(timeoutMs, (page) => this.#print(page, html, layout, timeoutMs))
  }

  /**
   * The first page as Chromium prints it, as a PNG `widthPx` wide (the
   * print studio's preview): print media, a viewport of the whole sheet,
   * the layout's margins around the content, scaled down by the device
   * pixel ratio so Chromium draws the thumbnail itself, text included.
   */
  async renderPng(html: string, layout: PdfLayout = DEFAULT_LAYOUT, { widthPx = 480, timeoutMs = this.options.timeoutMs } = {}): Promise<Buffer> {
    if (!Number.isInteger(widthPx) || widthPx < 16 || widthPx > 2400) throw new RangeError(`A preview is 16 to 2400 px wide, not ${widthPx}`)
    return this.#onWarmPage(timeoutMs, (page) => this.#snap(page, html, layout, widthPx, timeoutMs))
  }

  /** Closes Chromium; a later render launches it again. */
  async close() {
    const browser = this.#browser
    this.#browser = null
    this.#idle = []
    this.#replacements = []
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {})
  }

  /** Puppeteer's own timeouts are a backstop, later than ours, so a slow document always ends as a PdfTimeoutError. */
  async #print(page: Page, html: string, layout: PdfLayout, timeoutMs: number) {
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs + 1000 })
    return Buffer.from(await page.pdf({ ...layout, timeout: timeoutMs + 1000 }))
  }

  async #snap(page: Page, html: string, layout: PdfLayout, widthPx: number, timeoutMs: number) {
    const sheet = sheetOf(layout)
    const width = Math.round(sheet.width)
    await page.setViewport({ width, height: Math.round(sheet.height), deviceScaleFactor: widthPx / width })
    await page.emulateMediaType('print')
    await page.setContent(html + marginsStyle(sheet.margin), { waitUntil: 'load', timeout: timeoutMs + 1000 })
    return this.#capture(page)
  }

  /**
   * Headless Chromium draws frames for the tab in front only: a page
   * captured while another is in front can wait for a frame forever. So
   * one capture at a time, its page brought forward first; the documents
   * still load side by side. A page closed by the timeout ends its turn.
   */
  #capture(page: Page) {
    const capture = this.#captureTurn.then(async () => {
      await page.bringToFront()
      return Buffer.from(await page.screenshot({ type: 'png', captureBeyondViewport: false }))
    })
    this.#captureTurn = capture.catch(() => {})
    return capture
  }

  /** One document on a warm page, within the timeout; a page that failed or ran late is closed, never reused. */
  async #onWarmPage<T>(timeoutMs: number, work: (page: Page) => Promise<T>): Promise<T> {
    await this.#takeSlot()
    this.counters.peakConcurrent = Math.max(this.counters.peakConcurrent, this.#busy)
    try {
      const warm = await this.#warmPage()
      if (warm.renders + 1 >= this.options.rendersPerPage) this.#prepareReplacement()
      try {
        const result = await withTimeout(work(warm.page), timeoutMs)
        this.#giveBack(warm)
        return result
      } catch (error) {
        await closeWithin(warm.page, 2000)
        throw error
      }
    } finally {
      this.#freeSlot()
    }
  }

  /**
   * Launches Chromium and opens the pool's pages ahead of the first
   * document, so no request pays for a cold start (the web role calls it
   * at boot). Does nothing more once the pages exist.
   */
  async warmUp() {
    const missing = this.options.concurrency - this.#idle.length - this.#busy
    const pages = await Promise.all(Array.from({ length: Math.max(0, missing) }, () => this.#openPage()))
    this.#idle.push(...pages)
  }

  /** An idle page, else one being opened to replace a retired page, else a new one. */
  async #warmPage(): Promise<WarmPage> {
    while (this.#idle.length > 0) {
      const idle = this.#idle.pop()!
      if (!idle.page.isClosed()) return idle
    }
    const replacement = this.#replacements.shift()
    if (replacement) {
      replacement.claimed = true
      const fresh = await replacement.page
      if (fresh && !fresh.page.isClosed()) return fresh
    }
    return this.#openPage()
  }

  async #openPage(): Promise<WarmPage> {
    const page = await (await this.#launched()).newPage()
    this.counters.pagesOpened += 1
    try {
      await page.setJavaScriptEnabled(false)
      await page.setRequestInterception(true)
    } catch (error) {
      await page.close().catch(() => {})
      throw error
    }
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue()
      else void request.abort('blockedbyclient')
    })
    return { page, renders: 0 }
  }

  /** A page goes back to the pool until it has printed its share; then it is closed (its replacement is already opening). */
  #giveBack(warm: WarmPage) {
    warm.renders += 1
    if (warm.renders < this.options.rendersPerPage) this.#idle.push(warm)
    else void warm.page.close().catch(() => {})
  }

  /**
   * Opens, in the background, the page that will take over from one
   * starting its last document: ready by the time that one retires, so the
   * next document never waits for a new page. A document that arrives
   * first claims it and waits for it; otherwise it joins the idle pages.
   */
  #prepareReplacement() {
    const browser = this.#browser
    const replacement: Replacement = { claimed: false, page: Promise.resolve(null) }
    replacement.page = this.#openPage().then(
      (fresh) => {
        this.#replacements = this.#replacements.filter((pending) => pending !== replacement)
        // Closed or crashed meanwhile: the page belongs to a browser that is gone.
        if (this.#browser !== browser) {
          void fresh.page.close().catch(() => {})
          return null
        }
        if (!replacement.claimed) this.#idle.push(fresh)
        return fresh
      },
      () => null
    )
    this.#replacements.push(replacement)
  }

  #launched() {
    if (!this.#browser) {
      const launching = launch(this.options.executablePath)
      this.#browser = launching
      launching.then(
        (browser) => browser.on('disconnected', () => this.#forget(launching)),
        () => this.#forget(launching)
      )
    }
    return this.#browser
  }

  /** A crashed or closed Chromium: its pages are gone, the next render launches another. */
  #forget(browser: Promise<Browser>) {
    if (this.#browser !== browser) return
    this.#browser = null
    this.#idle = []
    this.#replacements = []
  }

  async #takeSlot() {
    if (this.#busy < this.options.concurrency) {
      this.#busy += 1
      return
    }
    if (this.#queue.length >= (this.options.maxQueued ?? 8)) {
      this.counters.refusedBusy += 1
      throw new PdfBusyError(this.#queue.length)
    }
    // The slot passes directly from the render that frees it (#busy stays the same).
    await new Promise<void>((resolve) => this.#queue.push(resolve))
  }

  #freeSlot() {
    const next = this.#queue.shift()
    if (next) next()
    else this.#busy -= 1
  }
}

const DEFAULT_LAYOUT: PdfLayout = { format: 'A4', printBackground: true }

async function launch(executablePath: string) {
  try {
    accessSync(executablePath, constants.X_OK)
  } catch {
    throw new ChromiumMissingError(executablePath)
  }
  // The app stops Chromium on shutdown (closePdfRenderer), not Puppeteer's own signal handlers.
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })
}

/** A stuck page may never confirm it closed: the slot is freed after `ms` all the same. */
function closeWithin(page: Page, ms: number) {
  return withTimeout(page.close(), ms).catch(() => {})
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfTimeoutError(ms)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

let shared: PdfRenderer | null = null
let closesWithApp = false

/** The process's renderer (two documents at once, eight more waiting at most, pages replaced every 50, 30 s each), closed when the app terminates. */
export function pdfRenderer() {
  if (!shared) {
    shared = new PdfRenderer({ executablePath: env.get('CHROMIUM_PATH') || '/usr/bin/chromium', concurrency: 2, maxQueued: 8, rendersPerPage: 50, timeoutMs: 30_000 })
  }
  if (!closesWithApp) {
    closesWithApp = true
    app.terminating(() => closePdfRenderer())
  }
  return shared
}

export function renderPdf(html: string, layout?: PdfLayout, options?: { timeoutMs?: number }) {
  return pdfRenderer().render(html, layout, options)
}

export function renderPng(html: string, layout?: PdfLayout, options?: { widthPx?: number; timeoutMs?: number }) {
  return pdfRenderer().renderPng(html, layout, options)
}

export async function closePdfRenderer() {
  const renderer = shared
  shared = null
  await renderer?.close()
}
