import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { execFileSync } from 'node:child_process'
import { DateTime } from 'luxon'
import env from '#start/env'
import type StaffMember from '#staff/models/staff_member'
import type Store from '#stores/models/store'
import { closePdfRenderer, pdfRenderer } from '#printing/pdf_renderer'
import { POSTER_TEMPLATES } from '#printing/posters/print_poster'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'
import { isPng, pngPixel, pngSize } from '#tests/helpers/png'
import { createAnimation } from '../animations/animation_helpers.js'

const PREVIEW = '/admin/printing/preview.png'
const PDF = '/admin/printing/poster.pdf'

let owner: StaffMember
let store: Store

/** A GET as this staff member, its body kept as bytes: a PNG, a PDF, or the text of a refusal. */
async function fetched(client: ApiClient, path: string, who: StaffMember, query: Record<string, string> | string = {}, locale = 'fr') {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString()
  const request = client.get(search ? `${path}?${search}` : path).loginAs(who).header('accept-language', locale).redirects(0)
  request.request.responseType('arraybuffer')
  const response = await request
  const bytes = response.body() as Buffer
  return { status: response.status(), header: (name: string) => response.header(name), bytes, text: bytes.toString('utf8') }
}

const pdfInfo = (pdf: Buffer) => execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' })
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ')

/** An attribute of the first element carrying `marker`, as the browser reads it (Edge's escapes undone). */
function attributeOf(html: string, marker: string, attribute: string) {
  const tag = html.match(new RegExp(`<[^>]*${marker}[^>]*>`))?.[0] ?? ''
  const value = tag.match(new RegExp(`\\s${attribute}="([^"]*)"`))?.[1]
  return value === undefined ? undefined : textOf({ text: () => value })
}

function selectOptions(html: string, id: string) {
  const select = html.match(new RegExp(`<select id="${id}"[\\s\\S]*?</select>`))?.[0] ?? ''
  return [...select.matchAll(/<option value="([^"]*)"[^>]*?( selected)?>/g)].map(([, value, selected]) => (selected ? `${value}*` : value))
}

test.group('Print studio: the page', (group) => {
  group.setup(async () => {
    owner = await createStaff('owner')
    store = await createStore({ name: 'Café des Arts', brandColour: '#1f5e3b' })
    await createProgram(store)
  })

  for (const locale of ['fr', 'en'] as const) {
    test(`the owner's studio lists every template with its description, the active stores, and links the preview and the PDF (${locale})`, async ({ client, assert }) => {
      const archived = await createStore({ name: 'Ancienne boutique', archivedAt: DateTime.now() })
      const response = await client.get('/admin/printing').qs({ store: store.slug }).loginAs(owner).header('accept-language', locale)
      response.assertStatus(200)
      const html = response.text()
      assert.deepEqual(
        selectOptions(html, 'template').map((value) => value.replace('*', '')),
        [...POSTER_TEMPLATES]
      )
      const text = textOf(response)
      for (const description of locale === 'fr' ? ["Comment rejoindre le programme en trois étapes", 'Une offre réservée aux membres'] : ['How to join in three steps', 'A members-only offer']) {
        assert.include(text, description)
      }
      assert.include(selectOptions(html, 'store'), `${store.slug}*`)
      assert.notInclude(selectOptions(html, 'store'), archived.slug)
      assert.deepEqual(selectOptions(html, 'format'), ['A3', 'A4*', 'A5'])
      assert.deepEqual(selectOptions(html, 'locale'), locale === 'fr' ? ['fr*', 'en'] : ['fr', 'en*'])
      assert.equal(attributeOf(html, 'data-preview-image', 'src'), `${PREVIEW}?template=enrolment&store=${store.slug}&format=A4&locale=${locale}`)
      assert.equal(attributeOf(html, 'download data-download', 'href'), `${PDF}?template=enrolment&store=${store.slug}&format=A4&locale=${locale}`)
      assert.include(attributeOf(html, 'data-preview-image', 'alt')!, 'Café des Arts')
      assert.include(html, '<script type="module" src="/js/print_studio.js"></script>')
      assert.include(html, '<a href="/admin/printing">')
    })
  }

  test('a format the template does not print on falls back to its default; the offer fields show for member-price only', async ({ client, assert }) => {
    const sticker = await client.get('/admin/printing').qs({ template: 'sticker', store: store.slug, format: 'A3' }).loginAs(owner)
    sticker.assertStatus(200)
    assert.deepEqual(selectOptions(sticker.text(), 'format'), ['S80', 'S100*', 'S150'])
    assert.equal(attributeOf(sticker.text(), 'data-preview-image', 'src'), `${PREVIEW}?template=sticker&store=${store.slug}&format=S100&locale=fr`)
    assert.match(sticker.text(), /<fieldset data-offer-fields hidden disabled>/)

    const offer = { template: 'member-price', store: store.slug, product: 'Croissant', price: '1,40', member_price: '1,10', details: '', until: '' }
    const notice = await client.get('/admin/printing').qs(offer).loginAs(owner)
    notice.assertStatus(200)
    assert.match(notice.text(), /<fieldset data-offer-fields\s*>/)
    assert.equal(attributeOf(notice.text(), 'id="product"', 'value'), 'Croissant')
    assert.equal(attributeOf(notice.text(), 'download data-download', 'href'), `${PDF}?template=member-price&store=${store.slug}&format=A5&locale=fr&product=Croissant&price=1%2C40&member_price=1%2C10`)
  })

  test('a refusal is shown on the page in place of the preview: a happy hour the store does not run, an offer without its product', async ({ client, assert }) => {
    const quiet = await createStore({ name: 'Sans Happy Hour' })
    const response = await client.get('/admin/printing').qs({ template: 'happy-hour', store: quiet.slug }).loginAs(owner)
    response.assertStatus(422)
    assert.include(textOf(response), `La boutique « ${quiet.slug} » n'a pas de happy hour active`)
    assert.isUndefined(attributeOf(response.text(), 'data-preview-image', 'src'))
    assert.match(response.text(), /<a [^>]*data-download hidden>/)

    const incomplete = await client.get('/admin/printing').qs({ template: 'member-price', store: store.slug, price: '2', member_price: '3' }).loginAs(owner)
    incomplete.assertStatus(422)
    assert.match(incomplete.text(), /id="product"[^>]*aria-invalid="true"/)
    assert.match(incomplete.text(), /<p class="field-error" id="product-error">/)
    assert.match(incomplete.text(), /<p class="field-error" id="member_price-error">/)
  })

  test('marketers and cashiers are refused the studio, its preview and its PDF; a signed-out visitor is sent to sign in', async ({ client, assert }) => {
    for (const role of ['marketer', 'cashier'] as const) {
      const staff = await createStaff(role)
      for (const path of ['/admin/printing', PREVIEW, PDF]) {
        const response = await client.get(path).qs({ store: store.slug }).loginAs(staff).redirects(0)
        assert.equal(response.status(), 403, `${role} on ${path}`)
      }
    }
    const anonymous = await client.get(PREVIEW).redirects(0)
    anonymous.assertStatus(302)
    assert.equal(anonymous.header('location'), '/sign-in')
  })
})

test.group('Print studio: the preview and the PDF', (group) => {
  group.setup(async () => {
    owner ??= await createStaff('owner')
    store ??= await createStore({ name: 'Café des Arts', brandColour: '#1f5e3b' })
  })

  test('preview.png is the first page 480 px wide in the proportions of its sheet, margins and colours as printed', async ({ client, assert }) => {
    await createProgram(store)
    await createAnimation(store, 'happy_hour', { params: { weekdays: [2], starts_at: '16:00', ends_at: '18:00', multiplier_pct: 200, bonus_points: 0 } })
    // Width ÷ height of each sheet: ISO portrait, a square sticker with its bleed, a tent folded from a landscape A4.
    const sheets: Array<[Record<string, string>, number]> = [
      [{ template: 'enrolment', format: 'A4' }, 297 / 210],
      [{ template: 'happy-hour', format: 'A5' }, 210 / 148],
      [{ template: 'sticker', format: 'S100' }, 1],
      [{ template: 'table-tent', format: 'A4' }, 210 / 297],
    ]
    for (const [choice, ratio] of sheets) {
      const response = await fetched(client, PREVIEW, owner, { ...choice, store: store.slug })
      assert.equal(response.status, 200, `${choice.template}: ${response.text}`)
      assert.equal(response.header('content-type'), 'image/png')
      assert.equal(response.header('cache-control'), 'no-store')
      const png = response.bytes
      assert.isTrue(isPng(png))
      const { width, height } = pngSize(png)
      assert.equal(width, 480)
      assert.closeTo(height, 480 * ratio, 1.5, choice.template)
    }
    const { bytes: enrolment } = await fetched(client, PREVIEW, owner, { template: 'enrolment', store: store.slug, format: 'A4' })
    // 12 mm of margin is 27 px at this width: white paper, then the store's colour in the band's padding.
    assert.equal(pngPixel(enrolment, 8, 8), '#ffffff')
    assert.equal(pngPixel(enrolment, 240, 33), '#1f5e3b')
  }).timeout(60_000)

  test('poster.pdf downloads the PDF of the chosen sheet, named template-store-format.pdf; an offer prints as typed, markup as text', async ({ client, assert }) => {
    await createProgram(store)
    const response = await fetched(client, PDF, owner, { template: 'enrolment', store: store.slug, format: 'a3', locale: 'en' })
    assert.equal(response.status, 200, response.text)
    assert.equal(response.header('content-type'), 'application/pdf')
    assert.equal(response.header('content-disposition'), `attachment; filename="enrolment-${store.slug}-A3.pdf"`)
    const pdf = response.bytes
    const info = pdfInfo(pdf)
    assert.match(info, /^Pages:\s+1$/m)
    const [, width, height] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m)!
    assert.closeTo(Number(width), 841.89, 1)
    assert.closeTo(Number(height), 1190.55, 1)
    assert.include(pdfText(pdf), 'Join our loyalty programme')

    const offer = { template: 'member-price', store: store.slug, product: '<script>alert(1)</script> Croissant', price: '1,40', member_price: '1,10', until: '2099-12-31' }
    const notice = await fetched(client, PDF, owner, offer)
    assert.equal(notice.status, 200, notice.text)
    assert.equal(notice.header('content-disposition'), `attachment; filename="member-price-${store.slug}-A5.pdf"`)
    // Spaces out: the product's large type wraps anywhere.
    const text = pdfText(notice.bytes).replace(/\s/g, '')
    assert.include(text, '<script>alert(1)</script>Croissant')
    assert.include(text, '1,10')
    assert.include(text, '2099')
  }).timeout(60_000)

  test('malformed, oversized, hostile and repeated parameters: 422 with the field at fault, never a 500, nothing echoed', async ({ client, assert }) => {
    const cases: Array<[string, string]> = [
      ['template=poster-geant', 'Choisissez un modèle de la liste.'],
      ['template=enrolment&template=sticker', 'Choisissez un modèle de la liste.'],
      ['template[]=enrolment', 'Choisissez un modèle de la liste.'],
      [`store=${encodeURIComponent('../../etc/passwd')}`, 'Choisissez une boutique de la liste.'],
      [`store=${encodeURIComponent('<script>alert(1)</script>')}`, 'Choisissez une boutique de la liste.'],
      [`store=a&store=b`, 'Choisissez une boutique de la liste.'],
      [`format=${encodeURIComponent('file:///etc/passwd')}`, 'Choisissez un format de la liste.'],
      ['format=A4A4A4A4A4', 'Choisissez un format de la liste.'],
      ['locale=de', "Choisissez le français ou l'anglais."],
      [`template=member-price&product=${'x'.repeat(10_000)}`, 'Le produit : un texte de 80 caractères au plus.'],
      ['template=member-price&details[a]=b', 'Les précisions : un texte de 160 caractères au plus.'],
    ]
    for (const [query, message] of cases) {
      for (const path of [PREVIEW, PDF]) {
        const response = await fetched(client, path, owner, query)
        assert.equal(response.status, 422, `${path}?${query.slice(0, 60)}: ${response.text.slice(0, 200)}`)
        assert.match(response.header('content-type') ?? '', /^text\/plain/)
        assert.include(response.text, message)
        assert.notInclude(response.text, '<script>')
        assert.notInclude(response.text, 'etc/passwd')
      }
      const page = await client.get(`/admin/printing?${query}`).loginAs(owner)
      page.assertStatus(422)
      assert.include(textOf(page), message)
      assert.notInclude(page.text(), '<script>alert(1)</script>')
    }
  }).timeout(60_000)

  test('a refused poster is a 422 with the reason in the owner language; an unknown store or a format the template lacks too', async ({ client, assert }) => {
    const quiet = await createStore({ name: 'Calme' })
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ template: 'happy-hour', store: quiet.slug }, 'fr', `La boutique « ${quiet.slug} » n'a pas de happy hour active : créez-en une ou activez-la dans Animations.`],
      [{ template: 'happy-hour', store: quiet.slug }, 'en', `The store “${quiet.slug}” has no active happy hour: create or activate one in Animations.`],
      [{ template: 'enrolment', store: 'nulle-part' }, 'fr', 'Aucune boutique active n\'a l\'identifiant « nulle-part ».'],
      [{ template: 'sticker', store: store.slug, format: 'A3' }, 'en', 'The “A3” format is not offered for this template'],
    ]
    for (const [choice, locale, message] of cases) {
      for (const path of [PREVIEW, PDF]) {
        const response = await fetched(client, path, owner, choice, locale)
        assert.equal(response.status, 422, `${path} ${JSON.stringify(choice)}: ${response.text}`)
        assert.include(response.text, message)
      }
    }
  }).timeout(60_000)

  test('a busy printer answers 503 at once with Retry-After; no Chromium answers 503 with what to do', async ({ client, assert }) => {
    // The shared renderer prints two documents and holds eight more: fill both with slow documents, then ask for a preview.
    const slow = `<table>${'<tr><td>ligne</td><td>'.concat('x '.repeat(40), '</td></tr>').repeat(3000)}</table>`
    const fillers = Array.from({ length: 10 }, () => pdfRenderer().renderPng(slow))
    const busy = await fetched(client, PREVIEW, owner, { store: store.slug })
    assert.equal(busy.status, 503, busy.text)
    assert.equal(busy.header('retry-after'), '5')
    assert.equal(busy.text, "L'imprimante est occupée par d'autres documents : réessayez dans quelques secondes.")
    await Promise.all(fillers)

    const previous = env.get('CHROMIUM_PATH')
    await closePdfRenderer()
    env.set('CHROMIUM_PATH', '/nonexistent/chromium')
    try {
      const missing = await fetched(client, PDF, owner, { store: store.slug }, 'en')
      assert.equal(missing.status, 503, missing.text)
      assert.include(missing.text, 'Chromium is not installed on the server (/nonexistent/chromium)')
    } finally {
      await closePdfRenderer()
      env.set('CHROMIUM_PATH', previous ?? '')
    }
  }).timeout(60_000)
})
