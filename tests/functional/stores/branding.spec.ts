import { test } from '@japa/runner'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync } from 'node:zlib'
import type { ApiClient } from '@japa/api-client'
import QRCode from 'qrcode'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#shared/models/audit_log'
import type StaffMember from '#staff/models/staff_member'
import type Store from '#stores/models/store'
import StoreLogo from '#stores/models/store_logo'
import { storeLogoDataUrl } from '#stores/branding/store_logo'
import { createStaff, createStore } from '#tests/helpers/factories'

/** A real grey PNG of any size (IDAT is all-zero rows, so 5000 × 5000 deflates to a few KB). */
function png(width: number, height: number) {
  const chunk = (type: string, body: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(body.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(typed))
    return Buffer.concat([length, typed, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const rows = deflateSync(Buffer.alloc((width + 1) * height))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))])
}

/** A real 8 × 8 grey baseline JPEG: one DC-only block, Huffman tables of one code each. */
function jpeg() {
  const segment = (marker: number, body: number[]) => Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body])
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0, ...Array(64).fill(1)]),
    segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, 1, ...Array(15).fill(0), 0]),
    segment(0xc4, [0x10, 1, ...Array(15).fill(0), 0]),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ])
}

/** A real 1 × 1 lossless WebP. */
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64')

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
const KEPT_RECT = '<rect id="keep" width="10" height="10" fill="#e30613"/>'
const svg = (inside: string, rootAttributes = '') => `<svg ${SVG_NS} viewBox="0 0 10 10"${rootAttributes}>${inside}${KEPT_RECT}</svg>`

function upload(client: ApiClient, staff: StaffMember, store: Store, bytes: Buffer | string, filename = 'logo.bin', contentType = 'application/octet-stream') {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8')
  return client.post(`/admin/stores/${store.publicId}/logo`).loginAs(staff).withCsrfToken().header('accept-language', 'en').file('logo', body, { filename, contentType }).redirects(0)
}

async function storedLogo(store: Store) {
  const url = await storeLogoDataUrl(store)
  if (url === null) return null
  const match = /^data:(image\/(?:png|jpeg|webp|svg\+xml));base64,([A-Za-z0-9+/]+=*)$/.exec(url)
  if (!match) throw new Error(`not a data URL of an allowed type: ${url.slice(0, 60)}`)
  return { type: match[1], bytes: Buffer.from(match[2], 'base64') }
}

async function storedSvg(store: Store) {
  const logo = await storedLogo(store)
  if (logo?.type !== 'image/svg+xml') throw new Error(`expected a stored SVG, got ${logo?.type}`)
  return logo.bytes.toString('utf8')
}

test.group('Store branding: the colour', () => {
  const form = (store: Store, overrides: Record<string, string>) => ({
    name: store.name, slug: store.slug, country: 'FR', timezone: 'Europe/Paris', currency: 'EUR', ...overrides,
  })

  test('an owner sets the colour; it is stored lower-case and audited', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const response = await client.post(`/admin/stores/${store.publicId}`).loginAs(owner).withCsrfToken().form(form(store, { brand_colour: '#1A2B3C' })).redirects(0)
    response.assertStatus(302)
    await store.refresh()
    assert.equal(store.brandColour, '#1a2b3c')
    const entry = await AuditLog.query().where('action', 'store.updated').where('subjectId', store.publicId).orderBy('id', 'desc').firstOrFail()
    assert.include((entry.details as { fields: string[] }).fields, 'brandColour')
  })

  for (const bad of ['red', '#12345', '#gggggg', 'javascript:alert(1)', '#1234567', 'url(http://x)']) {
    test(`"${bad}" is a field error and keeps the colour`, async ({ client, assert }) => {
      const owner = await createStaff('owner')
      const store = await createStore({ brandColour: '#224466' })
      const edit = `/admin/stores/${store.publicId}/edit`
      const response = await client
        .post(`/admin/stores/${store.publicId}`)
        .loginAs(owner)
        .withCsrfToken()
        .header('referer', edit)
        .header('accept-language', 'en')
        .form(form(store, { brand_colour: bad }))
        .redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', edit)
      assert.deepEqual(response.flashMessage('inputErrorsBag').brand_colour, ['Choose a colour, written #rrggbb (for example #6b4226).'])
      const json = await client.post(`/admin/stores/${store.publicId}`).loginAs(owner).withCsrfToken().accept('json').form(form(store, { brand_colour: bad }))
      json.assertStatus(422)
      assert.equal(json.body().errors[0].field, 'brand_colour')
      await store.refresh()
      assert.equal(store.brandColour, '#224466')
    })
  }

  test('an empty colour, the reset box or the default colour itself all mean the default', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cases: Array<Record<string, string>> = [{ brand_colour: '' }, { brand_colour: '#ff0000', brand_colour_reset: '1' }, { brand_colour: '#6B4226' }]
    for (const overrides of cases) {
      const store = await createStore({ brandColour: '#224466' })
      await client.post(`/admin/stores/${store.publicId}`).loginAs(owner).withCsrfToken().form(form(store, overrides)).redirects(0)
      await store.refresh()
      assert.isNull(store.brandColour, JSON.stringify(overrides))
    }
  })

  test('a form without the colour field leaves the colour alone', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore({ brandColour: '#224466' })
    await client.post(`/admin/stores/${store.publicId}`).loginAs(owner).withCsrfToken().form(form(store, { city: 'Lyon' })).redirects(0)
    await store.refresh()
    assert.equal(store.city, 'Lyon')
    assert.equal(store.brandColour, '#224466')
  })

  test('the form says which ink posters print on the colour, and warns when it reads poorly', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const cases: Array<[string | null, string[]]> = [
      [null, ['value="#6b4226"', 'in white', 'default #6b4226 is used']],
      ['#0b3d91', ['value="#0b3d91"', 'in white', 'Go back to the default colour']],
      ['#ffeb3b', ['value="#ffeb3b"', 'in dark grey']],
      ['#808080', ['in dark grey', 'Low contrast (4.3:1)']],
    ]
    for (const [colour, expected] of cases) {
      const store = await createStore({ brandColour: colour })
      const page = await client.get(`/admin/stores/${store.publicId}/edit`).loginAs(owner).header('accept-language', 'en')
      page.assertStatus(200)
      page.assertTextIncludes('type="color" id="brand_colour" name="brand_colour"')
      for (const text of expected) page.assertTextIncludes(text)
      if (colour === null) assert.notInclude(page.text(), 'brand_colour_reset')
    }
    const french = await client.get(`/admin/stores/${(await createStore({ brandColour: '#808080' })).publicId}/edit`).loginAs(owner).header('accept-language', 'fr')
    french.assertStatus(200)
    french.assertTextIncludes('imprimé en gris foncé')
    french.assertTextIncludes('Contraste faible (4,3:1)')
  })
})

test.group('Store branding: the logo', (group) => {
  let owner: StaffMember
  let canary: Server
  let canaryHits: string[] = []
  let canaryUrl = ''
  group.setup(async () => {
    owner = await createStaff('owner')
    canary = createServer((request, response) => {
      canaryHits.push(request.url ?? '')
      response.end('x')
    })
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve))
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`
    return () => new Promise<void>((resolve) => canary.close(() => resolve()))
  })

  test('a PNG, a JPEG, a WebP and an SVG are each accepted, shown on the edit page and audited', async ({ client, assert }) => {
    const cases: Array<[string, Buffer, string]> = [
      ['image/png', await QRCode.toBuffer('https://example.test/join/x'), 'logo.png'],
      ['image/jpeg', jpeg(), 'logo.jpg'],
      ['image/webp', WEBP, 'logo.webp'],
      ['image/svg+xml', Buffer.from(svg('<circle cx="5" cy="5" r="4"/>')), 'logo.svg'],
    ]
    for (const [type, bytes, filename] of cases) {
      const store = await createStore()
      const response = await upload(client, owner, store, bytes, filename, type)
      response.assertStatus(302)
      response.assertHeader('location', `/admin/stores/${store.publicId}/edit`)
      const logo = await storedLogo(store)
      assert.equal(logo?.type, type)
      if (type !== 'image/svg+xml') assert.isTrue(logo!.bytes.equals(bytes), `${type} is stored as uploaded`)
      const page = await client.get(`/admin/stores/${store.publicId}/edit`).loginAs(owner).header('accept-language', 'en')
      page.assertTextIncludes(`src="data:${type};base64,`)
      page.assertTextIncludes(`alt="Logo of ${store.name}"`)
      page.assertTextIncludes(`action="/admin/stores/${store.publicId}/logo/removal"`)
      const entry = await AuditLog.query().where('action', 'store.logo_replaced').where('subjectId', store.publicId).firstOrFail()
      assert.equal(entry.staffMemberId, owner.id)
      assert.equal((entry.details as { type: string }).type, type)
    }
  })

  test('the type is judged by content, not by file name or Content-Type', async ({ client, assert }) => {
    const pngStore = await createStore()
    const pngBytes = png(16, 16)
    ;(await upload(client, owner, pngStore, pngBytes, 'logo.svg', 'image/svg+xml')).assertStatus(302)
    assert.equal((await storedLogo(pngStore))?.type, 'image/png')
    const svgStore = await createStore()
    ;(await upload(client, owner, svgStore, svg(''), 'logo.png', 'image/png')).assertStatus(302)
    assert.equal((await storedLogo(svgStore))?.type, 'image/svg+xml')
    const textStore = await createStore()
    const text = await upload(client, owner, textStore, 'Just a text file, not an image.', 'logo.png', 'image/png')
    text.assertStatus(422)
    text.assertTextIncludes('This file is not a PNG, JPEG, WebP or SVG image.')
    text.assertTextIncludes('aria-describedby="logo-hint logo-error"')
    const html = await upload(client, owner, textStore, '<html><body><script>alert(1)</script></body></html>', 'logo.svg', 'image/svg+xml')
    html.assertStatus(422)
    const truncated = await upload(client, owner, textStore, pngBytes.subarray(0, 12), 'logo.png', 'image/png')
    truncated.assertStatus(422)
    assert.isNull(await storedLogo(textStore))
  })

  test('a file over 512 KB or an image over 4000 pixels is refused with its reason, and the logo is kept', async ({ client, assert }) => {
    const store = await createStore()
    const first = await QRCode.toBuffer('first')
    ;(await upload(client, owner, store, first, 'first.png')).assertStatus(302)
    const heavy = await upload(client, owner, store, Buffer.concat([png(8, 8), Buffer.alloc(600 * 1024, 7)]), 'heavy.png', 'image/png')
    heavy.assertStatus(413)
    heavy.assertTextIncludes('This file is too heavy: a logo may weigh at most 512 KB. The current logo is kept.')
    const large = await upload(client, owner, store, png(5000, 5000), 'large.png', 'image/png')
    large.assertStatus(422)
    large.assertTextIncludes('This image is too large: at most 4,000 × 4,000 pixels.')
    const tall = await upload(client, owner, store, png(10, 4001), 'tall.png', 'image/png')
    tall.assertStatus(422)
    assert.isTrue((await storedLogo(store))!.bytes.equals(first))
    const french = await upload(client, owner, store, png(5000, 5000), 'large.png', 'image/png').header('accept-language', 'fr')
    french.assertTextIncludes('Cette image est trop grande')
  })

  test('an upload beyond the whole request limit is refused cleanly, not with a server error', async ({ client, assert }) => {
    const store = await createStore()
    const response = await upload(client, owner, store, Buffer.alloc(13 * 1024 * 1024, 1), 'huge.png', 'image/png')
    assert.oneOf(response.status(), [413, 422])
    assert.isNull(await storedLogo(store))
  })

  /** Each hostile SVG is stored with all of it removed, or refused: XML with entities is not an SVG image a browser shows. */
  const hostile: Array<[string, string, string[], 'stored' | 'refused']> = [
    ['a script element', svg('<script>alert(1)</script><script href="http://CANARY/s.js"/>'), ['<script', 'alert', 'CANARY'], 'stored'],
    ['an onload handler', svg('', ' onload="alert(1)"'), ['onload', 'alert'], 'stored'],
    ['event handlers deeper down', svg('<g onclick="steal()"><circle r="2" onmouseover="steal()"/></g>'), ['onclick', 'onmouseover', 'steal'], 'stored'],
    ['a foreignObject', svg('<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://CANARY/f"></iframe><p>hello</p></foreignObject>'), ['foreignObject', 'iframe', 'hello', 'CANARY'], 'stored'],
    ['an image of a local file', svg('<image href="file:///etc/passwd" width="10" height="10"/>'), ['<image', 'file:', 'passwd'], 'stored'],
    ['an image on an internal address', svg('<image xlink:href="http://CANARY/x" width="10" height="10"/>'), ['<image', 'CANARY'], 'stored'],
    ['a use of an external sprite', svg('<use href="http://CANARY/sprite.svg#a"/>'), ['CANARY', '<use'], 'stored'],
    ['a CSS url() in a style attribute', svg('<circle r="2" style="background:url(http://CANARY/bg);fill:url(http://CANARY/f);stroke:#00ff00"/>'), ['CANARY', 'background', 'url(http'], 'stored'],
    ['a CSS escape spelling url(', svg('<circle r="2" style="fill:u\\72l(http://CANARY/e)"/>'), ['CANARY', '\\72'], 'stored'],
    ['a url() in presentation attributes', svg(`<circle r="2" filter="url(http://CANARY/f#x)" mask="url('http://CANARY/m')" fill="url(data:image/png;base64,AAAA)"/>`), ['CANARY', 'data:'], 'stored'],
    ['a stylesheet with @import', svg('<style>@import url(http://CANARY/i.css); @import "http://CANARY/j.css"; @font-face{src:url(http://CANARY/font)} .a{fill:#0000ff}</style>'), ['@import', '@font-face', 'CANARY'], 'stored'],
    ['a stylesheet in CDATA', svg('<style><![CDATA[ @import "http://CANARY/k.css"; rect{fill:url(http://CANARY/r)} ]]></style>'), ['@import', 'CANARY', 'CDATA'], 'stored'],
    ['javascript: links', svg('<a xlink:href="javascript:alert(1)"><circle r="3"/></a><use xlink:href="javascript:alert(2)"/>'), ['javascript', 'alert', '<a'], 'stored'],
    ['data: references', svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/><use href="data:image/svg+xml;base64,PHN2Zy8+#x"/>'), ['data:', '<image'], 'stored'],
    ['animations that rewrite links', svg('<set attributeName="href" to="javascript:alert(1)"/><animate attributeName="xlink:href" values="http://CANARY/a"/>'), ['<set', '<animate', 'javascript', 'CANARY'], 'stored'],
    ['HTML elements', svg('<img src="http://CANARY/i" onerror="alert(1)"/><h:img xmlns:h="http://www.w3.org/1999/xhtml" src="http://CANARY/j"/><title><img src="x" onerror="alert(2)"/></title>'), ['<img', 'h:img', 'onerror', 'CANARY'], 'stored'],
    ['comments and processing instructions', `<?xml-stylesheet href="http://CANARY/x.css"?>${svg('<!-- http://CANARY/c --><?php system("id") ?>')}`, ['CANARY', 'php', 'xml-stylesheet'], 'stored'],
    ['an external entity in a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg('<text x="1" y="5">&xxe;</text>')}`, [], 'refused'],
    [
      'a billion laughs',
      `<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>${svg('<text x="1" y="5">&d;</text>')}`,
      [],
      'refused',
    ],
    ['a quadratic entity blow-up', `<!DOCTYPE svg [<!ENTITY a "${'x'.repeat(100_000)}">]>${svg(`<text>${'&a;'.repeat(50_000)}</text>`)}`, [], 'refused'],
  ]
  for (const [name, source, forbidden, outcome] of hostile) {
    test(`an SVG with ${name} is ${outcome === 'stored' ? 'stored with all of it removed' : 'refused'}`, async ({ client, assert }) => {
      const store = await createStore()
      const host = canaryUrl.slice('http://'.length)
      canaryHits = []
      const response = await upload(client, owner, store, source.replaceAll('CANARY', host), 'logo.svg', 'image/svg+xml')
      if (outcome === 'refused') {
        response.assertStatus(422)
        response.assertTextIncludes('This SVG cannot be read')
        assert.isNull(await storedLogo(store))
      } else {
        response.assertStatus(302)
        const stored = await storedSvg(store)
        for (const needle of forbidden) assert.notInclude(stored.toLowerCase(), needle.replaceAll('CANARY', host).toLowerCase(), `${name}: ${stored}`)
        assert.include(stored, 'id="keep"')
        assert.match(stored, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
      }
      ;(await client.get(`/admin/stores/${store.publicId}/edit`).loginAs(owner)).assertStatus(200)
      assert.deepEqual(canaryHits, [])
    })
  }

  test('an SVG that is not well-formed, namespaced XML is refused', async ({ client, assert }) => {
    const store = await createStore()
    for (const source of [`<svg ${SVG_NS}><rect></svg>`, '<svg><rect width="1" height="1"/></svg>', `<svg ${SVG_NS}><text>a&nbsp;b</text>${KEPT_RECT}</svg>`, `<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="#keep"/>${KEPT_RECT}</svg>`]) {
      const response = await upload(client, owner, store, source, 'logo.svg', 'image/svg+xml')
      response.assertStatus(422)
      response.assertTextIncludes('This SVG cannot be read')
    }
    assert.isNull(await storedLogo(store))
  })

  test('an SVG nested too deep or with too many elements is refused at once', async ({ client, assert }) => {
    const store = await createStore()
    const started = Date.now()
    const deep = svg(`${'<g>'.repeat(65)}<circle r="1"/>${'</g>'.repeat(65)}`)
    const crowded = svg('<circle r="1"/>'.repeat(5001))
    // Without the streaming check, jsdom takes minutes over a 70,000-deep tree.
    const bomb = svg(`${'<g>'.repeat(70_000)}${'</g>'.repeat(70_000)}`)
    for (const source of [deep, crowded, bomb]) {
      const response = await upload(client, owner, store, source, 'logo.svg', 'image/svg+xml')
      response.assertStatus(422)
      response.assertTextIncludes('This SVG is too complex: at most 5,000 elements, nested at most 64 deep.')
    }
    assert.isBelow(Date.now() - started, 10_000)
    ;(await upload(client, owner, store, svg(`${'<g>'.repeat(60)}<circle r="1"/>${'</g>'.repeat(60)}`), 'logo.svg', 'image/svg+xml')).assertStatus(302)
  })

  test('sanitising keeps what real logos use: gradients, local uses, stylesheets, text, titles', async ({ client, assert }) => {
    const store = await createStore()
    const logo = `<svg ${SVG_NS} viewBox="0 0 100 40" width="100" height="40">
      <title>Boulangerie</title>
      <defs><linearGradient id="g" x2="1"><stop offset="0" stop-color="#e30613"/><stop offset="1" stop-color="#6b4226"/></linearGradient><path id="leaf" d="M0 0h10v10z"/></defs>
      <style>.brand { fill: url(#g); stroke: #000 !important } .letters { font-family: 'Open Sans', Arial }</style>
      <rect class="brand" width="100" height="40" rx="4" transform="rotate(2 50 20)"/>
      <use xlink:href="#leaf" x="5" y="5"/>
      <text class="letters" x="50" y="25" text-anchor="middle" style="font-weight:700;fill:#fff">Café &amp; pain</text>
    </svg>`
    ;(await upload(client, owner, store, logo, 'logo.svg', 'image/svg+xml')).assertStatus(302)
    const stored = await storedSvg(store)
    for (const kept of ['viewBox="0 0 100 40"', '<title>Boulangerie</title>', '<linearGradient id="g"', 'stop-color="#e30613"', '.brand{fill:url(#g);stroke:#000}', "font-family:'Open Sans', Arial", 'xlink:href="#leaf"', 'transform="rotate(2 50 20)"', 'style="font-weight:700;fill:#fff"', 'Café &amp; pain']) {
      assert.include(stored, kept)
    }
  })

  test('nested uses (a rendering bomb) are cut to one level', async ({ client, assert }) => {
    const store = await createStore()
    const bomb = svg('<g id="a"><circle r="1"/></g><g id="b"><use href="#a"/><use href="#a"/></g><g id="c"><use href="#b"/><use href="#b"/></g><use href="#c"/><g id="self"><use href="#self"/></g>')
    ;(await upload(client, owner, store, bomb, 'logo.svg', 'image/svg+xml')).assertStatus(302)
    const stored = await storedSvg(store)
    assert.include(stored, '<use href="#a"/>')
    assert.notInclude(stored, 'href="#b"')
    assert.notInclude(stored, 'href="#self"')
  })

  test('an SVG with nothing drawable left once sanitised is refused', async ({ client, assert }) => {
    const store = await createStore()
    const response = await upload(client, owner, store, `<svg ${SVG_NS}><script>alert(1)</script><foreignObject><p>x</p></foreignObject></svg>`, 'logo.svg', 'image/svg+xml')
    response.assertStatus(422)
    response.assertTextIncludes('Nothing drawable is left in this SVG once cleaned')
    assert.isNull(await storedLogo(store))
  })

  test('a form without a file is refused', async ({ client }) => {
    const store = await createStore()
    const response = await client.post(`/admin/stores/${store.publicId}/logo`).loginAs(owner).withCsrfToken().header('accept-language', 'en').fields({ x: '1' })
    response.assertStatus(422)
    response.assertTextIncludes('Choose a file to upload.')
  })

  test('removing the logo works, is audited, and the page then offers an upload', async ({ client, assert }) => {
    const store = await createStore()
    ;(await upload(client, owner, store, png(4, 4), 'logo.png')).assertStatus(302)
    const response = await client.post(`/admin/stores/${store.publicId}/logo/removal`).loginAs(owner).withCsrfToken().redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', `/admin/stores/${store.publicId}/edit`)
    assert.isNull(await storeLogoDataUrl(store))
    await AuditLog.query().where('action', 'store.logo_removed').where('subjectId', store.publicId).firstOrFail()
    const page = await client.get(`/admin/stores/${store.publicId}/edit`).loginAs(owner).header('accept-language', 'en')
    page.assertTextIncludes('No logo yet.')
    assert.notInclude(page.text(), 'data:image')
    ;(await client.post(`/admin/stores/${store.publicId}/logo/removal`).loginAs(owner).withCsrfToken().redirects(0)).assertStatus(302)
  })

  test('a cashier or a marketer cannot change or remove a logo, nor can a signed-out visitor', async ({ client, assert }) => {
    const store = await createStore()
    const logo = await QRCode.toBuffer('kept')
    ;(await upload(client, owner, store, logo, 'logo.png')).assertStatus(302)
    for (const role of ['cashier', 'marketer'] as const) {
      const staff = await createStaff(role)
      ;(await upload(client, staff, store, png(4, 4), 'other.png')).assertStatus(403)
      ;(await client.post(`/admin/stores/${store.publicId}/logo/removal`).loginAs(staff).withCsrfToken().redirects(0)).assertStatus(403)
    }
    const anonymous = await client.post(`/admin/stores/${store.publicId}/logo/removal`).withCsrfToken().redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/sign-in')
    assert.isTrue((await storedLogo(store))!.bytes.equals(logo))
  })

  test('without the CSRF token, neither an upload nor a removal changes anything', async ({ client, assert }) => {
    const store = await createStore()
    const logo = await QRCode.toBuffer('kept')
    ;(await upload(client, owner, store, logo, 'logo.png')).assertStatus(302)
    const noToken = await client.post(`/admin/stores/${store.publicId}/logo`).loginAs(owner).file('logo', png(4, 4), { filename: 'x.png' }).redirects(0)
    noToken.assertStatus(403)
    ;(await client.post(`/admin/stores/${store.publicId}/logo/removal`).loginAs(owner).redirects(0)).assertStatus(403)
    assert.isTrue((await storedLogo(store))!.bytes.equals(logo))
  })

  test('the logo bytes never serialise, and the database refuses what the upload checks would', async ({ client, assert }) => {
    const store = await createStore()
    ;(await upload(client, owner, store, png(4, 4), 'logo.png')).assertStatus(302)
    const row = await StoreLogo.findByOrFail('storeId', store.id)
    assert.notProperty(row.serialize(), 'data')
    assert.equal(row.serialize().contentType, 'image/png')
    const other = await createStore()
    const insert = (values: Record<string, unknown>) =>
      db.table('store_logos').insert({ store_id: other.id, content_type: 'image/png', data: Buffer.from('x'), sha256: 'x'.repeat(64), updated_at: new Date().toISOString(), ...values })
    await assert.rejects(() => insert({ content_type: 'text/html' }))
    await assert.rejects(() => insert({ data: Buffer.alloc(512 * 1024 + 1) }))
    await assert.rejects(() => insert({ store_id: store.id }))
  })
})
