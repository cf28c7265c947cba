import { test } from '@japa/runner'
import { startCanary } from '#tests/helpers/canary'
import { execFileSync } from 'node:child_process'
import { ChromiumMissingError, PdfBusyError, PdfRenderer, PdfTimeoutError, type PdfRendererOptions } from '#printing/pdf_renderer'
import { sheetOf } from '#printing/pdf_sheet'
import { isPng, pngPixel, pngSize } from '#tests/helpers/png'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

function renderer(options: Partial<PdfRendererOptions> = {}) {
  return new PdfRenderer({ executablePath: CHROMIUM, concurrency: 2, rendersPerPage: 50, timeoutMs: 8_000, ...options })
}

const textOf = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' })
const pageSizeOf = (pdf: Buffer) => execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' }).match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m)!.slice(1).map(Number)

/** A document far too long to print in 150 ms. */
const HUGE = `<table>${'<tr><td>ligne</td><td>'.concat('x '.repeat(40), '</td></tr>').repeat(30_000)}</table>`


test.group('PDF renderer (Chromium)', () => {
  test('prints HTML; scripts do not run; nothing is fetched but data: URLs', async ({ assert }) => {
    const server = await startCanary()
    const pdfs = renderer()
    try {
      const html = `<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="${server.origin}/style.css">
        <link rel="stylesheet" href="data:text/css,.inline::after%7Bcontent:'DATA-CSS-APPLIED'%7D">
        </head><body><h1>Bonjour Élodie</h1><p class="inline"></p>
        <img src="${server.origin}/pixel.png"><iframe src="${server.origin}/frame"></iframe>
        <script>document.body.insertAdjacentText('beforeend', 'SCRIPT-RAN')</script>
        <script src="${server.origin}/app.js"></script></body></html>`
      const pdf = await pdfs.render(html)
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      const text = textOf(pdf)
      assert.include(text, 'Bonjour Élodie')
      assert.include(text, 'DATA-CSS-APPLIED')
      assert.notInclude(text, 'SCRIPT-RAN')
      assert.notInclude(text, 'LEAKED')
      assert.deepEqual(server.hits, [])
    } finally {
      await pdfs.close()
      await server.close()
    }
  })

  test('a page is replaced after N documents; at most C documents print at once', async ({ assert }) => {
    const sequential = renderer({ rendersPerPage: 2 })
    const parallel = renderer({ concurrency: 2 })
    try {
      for (let i = 0; i < 5; i++) assert.include(textOf(await sequential.render(`<p>Document ${i}</p>`)), `Document ${i}`)
      // Five documents, two per page: the third page prints the fifth.
      assert.equal(sequential.counters.pagesOpened, 3)
      const texts = await Promise.all(Array.from({ length: 6 }, (_, i) => parallel.render(`<p>Parallel ${i}</p>`).then(textOf)))
      texts.forEach((text, i) => assert.include(text, `Parallel ${i}`))
      assert.equal(parallel.counters.peakConcurrent, 2)
      assert.isAtMost(parallel.counters.pagesOpened, 2)
    } finally {
      await Promise.all([sequential.close(), parallel.close()])
    }
  }).timeout(30_000)

  test('a document past its timeout fails with PdfTimeoutError and loses its page; the next one prints', async ({ assert }) => {
    const pdfs = renderer()
    try {
      await assert.rejects(() => pdfs.render(HUGE, undefined, { timeoutMs: 150 }), PdfTimeoutError as any)
      assert.include(textOf(await pdfs.render('<p>Après le délai</p>')), 'Après le délai')
      assert.equal(pdfs.counters.pagesOpened, 2)
    } finally {
      await pdfs.close()
    }
  }).timeout(30_000)

  test('no Chromium where it should be: a ChromiumMissingError that says what to do', async ({ assert }) => {
    const pdfs = renderer({ executablePath: '/nonexistent/chromium' })
    try {
      await pdfs.render('<p>x</p>')
      assert.fail('rendered without Chromium')
    } catch (error) {
      assert.instanceOf(error, ChromiumMissingError)
      assert.equal((error as ChromiumMissingError).code, 'E_CHROMIUM_MISSING')
      assert.include((error as Error).message, '/nonexistent/chromium')
      assert.include((error as Error).message, 'CHROMIUM_PATH')
    } finally {
      await pdfs.close()
    }
  })

  test('a PNG of the first page: the asked width, the proportions of the sheet, its margins, print styles, no script', async ({ assert }) => {
    const pdfs = renderer({ concurrency: 1 })
    const layout = { width: '148mm', height: '210mm', margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' }, printBackground: true }
    try {
      const html = `<!DOCTYPE html><html><head><style>
        html, body { margin: 0; padding: 0; } .band { height: 30mm; background: #ff0000; }
        @media print { .band { background: #0000ff; } }</style></head>
        <body><div class="band"></div><script>document.querySelector('.band').style.background = '#00ff00'</script></body></html>`
      const png = await pdfs.renderPng(html, layout, { widthPx: 300 })
      assert.isTrue(isPng(png))
      const { width, height } = pngSize(png)
      assert.equal(width, 300)
      assert.closeTo(height, Math.round((300 * 210) / 148), 1)
      // 20 mm of 148 at 300 px is 40 px: white margin, then the band as printed (blue), not as on screen or as a script would paint it.
      assert.equal(pngPixel(png, 10, 10), '#ffffff')
      assert.equal(pngPixel(png, 150, 60), '#0000ff')
      assert.equal(pngPixel(png, 20, 60), '#ffffff')
      // The same warm page then prints a PDF of its own size: the preview's viewport does not leak into print.
      const [pdfWidth, pdfHeight] = pageSizeOf(await pdfs.render('<p>Après l’aperçu</p>', { format: 'A4', printBackground: true }))
      assert.closeTo(pdfWidth, 595.28, 1)
      assert.closeTo(pdfHeight, 841.89, 1)
      assert.equal(pdfs.counters.pagesOpened, 1)
    } finally {
      await pdfs.close()
    }
  }).timeout(30_000)

  test('the sheet in CSS pixels: a named format, millimetres, landscape, Letter when nothing is said', ({ assert }) => {
    const a4 = sheetOf({ format: 'A4' })
    assert.closeTo(a4.width, 793.7, 0.1)
    assert.closeTo(a4.height, 1122.5, 0.1)
    const landscape = sheetOf({ width: '100mm', height: '50mm', landscape: true, margin: { top: '1in', left: 10 } })
    assert.deepEqual(landscape, { width: 189, height: 378, margin: { top: 96, right: 0, bottom: 0, left: 10 } })
    assert.deepEqual(sheetOf({}), { width: 816, height: 1056, margin: { top: 0, right: 0, bottom: 0, left: 0 } })
    assert.throws(() => sheetOf({ format: 'B5' as any }), 'Unknown paper format: B5')
    assert.throws(() => sheetOf({ width: '10em' }), 'Not a length: 10em')
  })

  test('PNGs render on two pages at once, none waiting forever for a frame of the page behind', async ({ assert }) => {
    const pdfs = renderer({ concurrency: 2, timeoutMs: 15_000 })
    const rows = `<table>${'<tr><td>ligne</td><td>'.concat('x '.repeat(40), '</td></tr>').repeat(2000)}</table>`
    try {
      const pngs = await Promise.all(Array.from({ length: 10 }, (_, i) => pdfs.renderPng(`<h1>Page ${i}</h1>${rows}`, { format: 'A5' }, { widthPx: 200 })))
      pngs.forEach((png) => assert.equal(pngSize(png).width, 200))
      assert.equal(pdfs.counters.peakConcurrent, 2)
    } finally {
      await pdfs.close()
    }
  }).timeout(120_000)

  test('a burst beyond the queue is refused at once with PdfBusyError (503, retry later); the others print', async ({ assert }) => {
    const pdfs = renderer({ concurrency: 1, maxQueued: 1 })
    try {
      const finished: string[] = []
      const burst = ['first', 'second', 'third'].map((name) =>
        pdfs.renderPng(`<p>${name}</p>`, { format: 'A5' }, { widthPx: 120 }).then(
          (png) => finished.push(name) && png,
          (error) => finished.push(`${name} refused`) && Promise.reject(error)
        )
      )
      const [first, second, third] = await Promise.allSettled(burst)
      assert.equal(first.status, 'fulfilled')
      assert.equal(second.status, 'fulfilled')
      assert.equal(third.status, 'rejected')
      const refusal = (third as PromiseRejectedResult).reason
      assert.instanceOf(refusal, PdfBusyError)
      assert.equal(refusal.status, 503)
      assert.equal(refusal.code, 'E_PDF_BUSY')
      assert.equal(refusal.retryAfterSeconds, 5)
      assert.include(refusal.message, 'try again in a few seconds')
      // Refused without waiting: before the first document was done.
      assert.deepEqual(finished, ['third refused', 'first', 'second'])
      assert.equal(pdfs.counters.refusedBusy, 1)
      assert.isTrue(isPng(await pdfs.renderPng('<p>after the burst</p>')))
    } finally {
      await pdfs.close()
    }
  }).timeout(30_000)

  test('a PNG past its timeout fails with PdfTimeoutError and loses its page; the next one renders', async ({ assert }) => {
    const pdfs = renderer()
    try {
      await assert.rejects(() => pdfs.renderPng(HUGE, undefined, { timeoutMs: 150 }), PdfTimeoutError as any)
      assert.equal(pngSize(await pdfs.renderPng('<p>Après le délai</p>', { format: 'A4' }, { widthPx: 200 })).width, 200)
      assert.equal(pdfs.counters.pagesOpened, 2)
      await assert.rejects(() => pdfs.renderPng('<p>x</p>', undefined, { widthPx: 0 }), 'A preview is 16 to 2400 px wide, not 0')
    } finally {
      await pdfs.close()
    }
  }).timeout(30_000)

  test('warmed up, the pool has its pages before the first document; a retired page is replaced in the background, not on the next request', async ({ assert }) => {
    const pdfs = renderer({ concurrency: 2, rendersPerPage: 1 })
    try {
      await pdfs.warmUp()
      assert.equal(pdfs.counters.pagesOpened, 2)
      await pdfs.warmUp()
      assert.equal(pdfs.counters.pagesOpened, 2, 'a second warm-up opens nothing')
      assert.include(textOf(await pdfs.render('<p>Premier</p>')), 'Premier')
      // The page printed its one document: its replacement opens while nobody asks.
      const until = Date.now() + 5000
      while (pdfs.counters.pagesOpened < 3 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
      assert.equal(pdfs.counters.pagesOpened, 3)
      for (let i = 0; i < 4; i++) assert.include(textOf(await pdfs.render(`<p>Suivant ${i}</p>`)), `Suivant ${i}`)
      // One page per document, each opened behind the previous one: never more than one extra.
      assert.isAtMost(pdfs.counters.pagesOpened, 2 + 5)
    } finally {
      await pdfs.close()
    }
    const missing = renderer({ executablePath: '/nonexistent/chromium' })
    await assert.rejects(() => missing.warmUp(), ChromiumMissingError as any)
  }).timeout(30_000)
})
