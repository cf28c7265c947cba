import { test } from '@japa/runner'
import { startCanary } from '#tests/helpers/canary'
import { execFileSync } from 'node:child_process'
import QRCode from 'qrcode'
import db from '@adonisjs/lucid/services/db'
import { replaceStoreLogo } from '#stores/branding/store_logo'
import { POSTER_TEMPLATES } from '#printing/posters/print_poster'
import { createAnimation } from '../animations/animation_helpers.js'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { dbTimestamp } from '#shared/db_time'
import { DateTime } from 'luxon'
import { pdfFolder, pdfText, printedTo } from './pdf_checks.js'

const folder = pdfFolder()
const offer = { product: 'Croissant', price: '1,40', memberPrice: '1,10' }

/** Raster images poppler finds in the PDF (the QR codes are vector paths: any image is the logo). */
function imagesIn(path: string) {
  return execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').slice(2)
}

/** A store that every template can print for: a programme with stamps, an active happy hour. */
async function printableStore(name: string) {
  const store = await createStore({ name })
  await createProgram(store)
  await createAnimation(store, 'happy_hour')
  return store
}

test.group('Printing: the store logo', (group) => {
  group.setup(() => () => folder.remove())

  test('an uploaded logo is inlined in every template, as an image of the PDF, with no request', async ({ assert }) => {
    const owner = await createStaff('owner')
    const store = await printableStore('Boulangerie au Logo')
    const png = await QRCode.toBuffer('logo', { type: 'png', width: 120, color: { dark: '#8a1c1c', light: '#ffffff' } })
    await replaceStoreLogo(store, png, { staffMemberId: owner.id, ip: null })
    for (const template of POSTER_TEMPLATES) {
      const path = await printedTo(folder.file(`logo-${template}.pdf`), { template, storeSlug: store.slug, offer })
      assert.isAtLeast(imagesIn(path).length, 1, `${template} shows the logo`)
      assert.include(pdfText(path), 'Boulangerie au Logo')
    }
  }).timeout(120_000)

  test('a hostile SVG logo, even one that escaped the upload checks, reaches neither the network nor the file system', async ({ assert }) => {
    const canary = await startCanary()
    try {
      const owner = await createStaff('owner')
      const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="80">
        <style>@import url("${canary.origin}/css-import"); rect { fill: url("${canary.origin}/css-fill"); }</style>
        <script>fetch("${canary.origin}/script")</script>
        <image href="${canary.origin}/image" width="10" height="10"/>
        <image xlink:href="file:///etc/passwd" width="10" height="10"/>
        <foreignObject width="200" height="80"><iframe xmlns="http://www.w3.org/1999/xhtml" src="file:///etc/passwd"></iframe><img xmlns="http://www.w3.org/1999/xhtml" src="${canary.origin}/foreign"/></foreignObject>
        <rect width="200" height="80" onload="fetch('${canary.origin}/onload')"/>
        <text x="4" y="40">LOGO</text>
      </svg>`
      // Through the upload: sanitised, then printed.
      const uploaded = await printableStore('Magasin au Logo Piégé')
      await replaceStoreLogo(uploaded, Buffer.from(hostile), { staffMemberId: owner.id, ip: null })
      // Straight into the table, as if the checks had been bypassed: the printer's lockdown alone must hold.
      const raw = await printableStore('Magasin au Logo Brut')
      await db.table('store_logos').insert({ store_id: raw.id, content_type: 'image/svg+xml', data: Buffer.from(hostile), sha256: 'x'.repeat(64), updated_at: dbTimestamp(DateTime.now()) })
      for (const store of [uploaded, raw]) {
        for (const template of POSTER_TEMPLATES) {
          const path = await printedTo(folder.file(`hostile-${store.id}-${template}.pdf`), { template, storeSlug: store.slug, offer })
          const text = pdfText(path)
          assert.notInclude(text, 'root:x:0:0', `${template}: no file read`)
          assert.notInclude(text, 'LEAKED', `${template}: nothing fetched`)
        }
      }
      assert.deepEqual(canary.hits, [])
    } finally {
      await canary.close()
    }
  }).timeout(180_000)
})
