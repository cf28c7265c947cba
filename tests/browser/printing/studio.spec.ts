import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'

const PREVIEW = '[data-preview-image]'

/** The preview's source once it differs from `previous` and has loaded, with the size the browser decoded. */
async function nextPreview(page: Page, previous: string | null) {
  await page.waitForFunction(
    ([selector, before]) => {
      const image = document.querySelector<HTMLImageElement>(selector!)!
      return !image.hidden && image.getAttribute('src') !== before && image.complete && image.naturalWidth > 0
    },
    [PREVIEW, previous],
    { timeout: 20_000 }
  )
  return page.locator(PREVIEW).evaluate((image: HTMLImageElement) => ({ src: image.getAttribute('src')!, width: image.naturalWidth, height: image.naturalHeight, alt: image.alt }))
}

test.group('Print studio in a browser', () => {
  test('the preview follows the form without a reload: the template, its formats, a refusal, the offer; the download link carries the choice', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Studio Live', brandColour: '#1f5e3b' })
    await createProgram(store)
    const quiet = await createStore({ name: 'Studio Calme' })
    const owner = await createStaff('owner')
    await browserContext.loginAs(owner)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit(`/admin/printing?store=${store.slug}`)
    await page.evaluate('window.notReloaded = true')

    const first = await nextPreview(page, null)
    assert.equal(first.src, `/admin/printing/preview.png?template=enrolment&store=${store.slug}&format=A4&locale=fr`)
    assert.equal(first.width, 480)
    assert.closeTo(first.height, (480 * 297) / 210, 1.5)

    await page.getByLabel('Modèle').selectOption('sticker')
    assert.deepEqual(await page.locator('#format option').allTextContents(), ['S80', 'S100', 'S150'])
    assert.equal(await page.locator('#format').inputValue(), 'S100')
    const sticker = await nextPreview(page, first.src)
    assert.match(sticker.src, /^data:image\/png;base64,/)
    assert.equal(sticker.width, 480)
    assert.equal(sticker.height, 480)
    assert.include(sticker.alt, 'Autocollant vitrine')
    await page.locator('[data-preview-status]').filter({ hasText: 'Aperçu à jour.' }).waitFor()
    const download = page.getByRole('link', { name: 'Télécharger le PDF' })
    assert.equal(await download.getAttribute('href'), `/admin/printing/poster.pdf?template=sticker&store=${store.slug}&format=S100&locale=fr`)
    assert.include(page.url(), `/admin/printing?template=sticker&store=${store.slug}&format=S100&locale=fr`)

    const pdf = await page.request.get((await download.getAttribute('href'))!)
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assert.equal(pdf.headers()['content-disposition'], `attachment; filename="sticker-${store.slug}-S100.pdf"`)
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-')

    await page.getByLabel('Boutique').selectOption(quiet.slug)
    await page.getByLabel('Modèle').selectOption('happy-hour')
    const status = page.locator('[data-preview-status]')
    await status.filter({ hasText: `La boutique « ${quiet.slug} » n'a pas de happy hour active` }).waitFor()
    assert.isTrue(await page.locator(PREVIEW).isHidden())
    assert.isTrue(await download.isHidden())

    await page.getByLabel('Boutique').selectOption(store.slug)
    await page.getByLabel('Modèle').selectOption('member-price')
    await page.getByLabel('Produit').fill('Pain au chocolat')
    await page.getByLabel('Prix public').fill('1,50')
    await page.getByLabel('Prix membre').fill('1,20')
    // The A4 chosen for the happy hour is kept: the notice prints on A4 too.
    assert.equal(await page.locator('#format').inputValue(), 'A4')
    const offer = await nextPreview(page, sticker.src)
    assert.closeTo(offer.height, (480 * 297) / 210, 1.5)
    await status.filter({ hasText: 'Aperçu à jour.' }).waitFor()
    assert.equal(await download.getAttribute('href'), `/admin/printing/poster.pdf?template=member-price&store=${store.slug}&format=A4&locale=fr&product=Pain+au+chocolat&price=1%2C50&member_price=1%2C20`)
    assert.isTrue(await page.evaluate('window.notReloaded === true'))
  }).timeout(90_000)
})
