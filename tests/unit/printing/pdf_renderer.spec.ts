import { test } from '@japa/runner'
import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ChromiumMissingError, PdfRenderer, PdfTimeoutError, type PdfRendererOptions } from '#printing/pdf_renderer'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

function renderer(options: Partial<PdfRendererOptions> = {}) {
  return new PdfRenderer({ executablePath: CHROMIUM, concurrency: 2, rendersPerPage: 50, timeoutMs: 8_000, ...options })
}

const textOf = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' })

/** A server that counts what reaches it: a printed page must never call out. */
async function countingServer() {
  const hits: string[] = []
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.end('LEAKED')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { hits, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) }
}

test.group('PDF renderer (Chromium)', () => {
  test('prints HTML; scripts do not run; nothing is fetched but data: URLs', async ({ assert }) => {
    const server = await countingServer()
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
      const huge = `<table>${'<tr><td>ligne</td><td>'.concat('x '.repeat(40), '</td></tr>').repeat(30_000)}</table>`
      await assert.rejects(() => pdfs.render(huge, undefined, { timeoutMs: 150 }), PdfTimeoutError as any)
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
})
