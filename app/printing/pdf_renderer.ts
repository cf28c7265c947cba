import { accessSync, constants } from 'node:fs'
import { Exception } from '@adonisjs/core/exceptions'
import app from '@adonisjs/core/services/app'
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer-core'
import env from '#start/env'

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

export interface PdfRendererOptions {
  executablePath: string
  /** Documents printed at once; each has its own warm page. */
  concurrency: number
  /** A page is replaced after this many documents: Chromium's memory grows with each one. */
  rendersPerPage: number
  timeoutMs: number
}

export type PdfLayout = Pick<PDFOptions, 'format' | 'width' | 'height' | 'landscape' | 'margin' | 'printBackground' | 'preferCSSPageSize'>

interface WarmPage {
  page: Page
  renders: number
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions']

/**
 * Prints self-contained HTML to PDF with one Chromium, launched at the first
 * document and shared by every caller. Pages run no JavaScript and load
 * nothing but data: URLs (invariant 9): the HTML must inline its styles,
 * images and fonts. A document that takes longer than the timeout loses its page.
 */
export class PdfRenderer {
  #browser: Promise<Browser> | null = null
  #idle: WarmPage[] = []
  #busy = 0
  #queue: Array<() => void> = []
  /** What the renderer did so far (pages opened, most documents printing at once). */
  readonly counters = { pagesOpened: 0, peakConcurrent: 0 }

  constructor(readonly options: PdfRendererOptions) {}

  async render(html: string, layout: PdfLayout = { format: 'A4', printBackground: true }, { timeoutMs = this.options.timeoutMs } = {}): Promise<Buffer> {
    await this.#takeSlot()
    this.counters.peakConcurrent = Math.max(this.counters.peakConcurrent, this.#busy)
    try {
      const warm = await this.#warmPage()
      try {
        const pdf = await withTimeout(this.#print(warm.page, html, layout, timeoutMs), timeoutMs)
        this.#giveBack(warm)
        return pdf
      } catch (error) {
        await warm.page.close().catch(() => {})
        throw error
      }
    } finally {
      this.#freeSlot()
    }
  }

  /** Closes Chromium; a later render launches it again. */
  async close() {
    const browser = this.#browser
    this.#browser = null
    this.#idle = []
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {})
  }

  /** Puppeteer's own timeouts are a backstop, later than ours, so a slow document always ends as a PdfTimeoutError. */
  async #print(page: Page, html: string, layout: PdfLayout, timeoutMs: number) {
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs + 1000 })
    return Buffer.from(await page.pdf({ ...layout, timeout: timeoutMs + 1000 }))
  }

  async #warmPage(): Promise<WarmPage> {
    const idle = this.#idle.pop()
    if (idle && !idle.page.isClosed()) return idle
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

  #giveBack(warm: WarmPage) {
    warm.renders += 1
    if (warm.renders < this.options.rendersPerPage) this.#idle.push(warm)
    else void warm.page.close().catch(() => {})
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
  }

  async #takeSlot() {
    if (this.#busy < this.options.concurrency) {
      this.#busy += 1
      return
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

async function launch(executablePath: string) {
  try {
    accessSync(executablePath, constants.X_OK)
  } catch {
    throw new ChromiumMissingError(executablePath)
  }
  // The app stops Chromium on shutdown (closePdfRenderer), not Puppeteer's own signal handlers.
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })
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

/** The process's renderer (two documents at once, pages replaced every 50, 30 s each), closed when the app terminates. */
export function pdfRenderer() {
  if (!shared) {
    shared = new PdfRenderer({ executablePath: env.get('CHROMIUM_PATH') || '/usr/bin/chromium', concurrency: 2, rendersPerPage: 50, timeoutMs: 30_000 })
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

export async function closePdfRenderer() {
  const renderer = shared
  shared = null
  await renderer?.close()
}
