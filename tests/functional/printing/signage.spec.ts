import { test } from '@japa/runner'
import { startCanary } from '#tests/helpers/canary'
import { DateTime } from 'luxon'
import { errors } from '@vinejs/vine'
import { moneyText } from '#loyalty/admin/program_summary'
import { defaultRules, demoRules, type ProgramRules } from '#loyalty/program_rules'
import { posterHtml, printPoster, type PrintPosterInput } from '#printing/posters/print_poster'
import { joinUrlOf } from '#printing/posters/joining'
import { createProgram, createStore } from '#tests/helpers/factories'
import { createAnimation } from '../animations/animation_helpers.js'
import { assertOnePage, crossReferencesOf, SIZES, pdfFolder, pdfText, pixelsOffColourNearEdge, POINTS_PER_MM, printedTo, scannedQr, scannedQrs, wordBoxes } from './pdf_checks.js'

let folder: ReturnType<typeof pdfFolder>
const printed = (name: string, input: PrintPosterInput) => printedTo(folder.file(name), input)

/** Prices as the notice prints them (moneyText: "1,10 €" with a no-break space, read back by pdftotext as a space). */
const euros = (cents: number, locale = 'fr') => moneyText(cents, locale).replace(/\s/g, ' ')

function stampRules(stamps: NonNullable<ProgramRules['stamps']>): ProgramRules {
  return { ...defaultRules(), points: null, stamps }
}

/** The field errors VineJS reports for this offer, in the poster's language: { field: [rule, message] }. */
async function offerErrors(storeSlug: string, offer: PrintPosterInput['offer'], locale = 'fr') {
  const error = await posterHtml({ template: 'member-price', storeSlug, offer, locale }).then(
    () => null,
    (thrown) => thrown
  )
  if (!(error instanceof errors.E_VALIDATION_ERROR)) return error
  const messages = error.messages as Array<{ field: string; rule: string; message: string }>
  return Object.fromEntries(messages.map(({ field, rule, message }) => [field, [rule, message]]))
}

test.group('Printing: stamp card, window sticker, table tent and member-price notice', (group) => {
  group.setup(() => {
    folder = pdfFolder()
    return folder.remove
  })

  test('the stamp card says the stamp offer as configured, draws a circle per stamp and the reward highlighted, on an A6 card unless A5 is asked', async ({ assert }) => {
    const store = await createStore({ name: 'Café des Arts', brandColour: '#1f5e3b' })
    await createProgram(store)
    const card = await printed('stamp-card.pdf', { template: 'stamp-card', storeSlug: store.slug })
    assertOnePage(assert, card, 'A6')
    const text = pdfText(card)
    // demoRules(): 9 stamps on « café », then a voucher for a free coffee.
    assert.include(text, 'Carte de fidélité à tampons')
    assert.include(text, '9 achetés, le 10e offert')
    assert.include(text, 'Carte de 9 tampons sur « café », puis un bon « Un café offert » valable 60 jours')
    const words = wordBoxes(card).map((box) => box.word)
    for (let stamp = 1; stamp <= 9; stamp += 1) assert.include(words, String(stamp))
    assert.notInclude(words, '10')
    assert.include(words, 'Offert')
    assert.equal(scannedQr(card), joinUrlOf(store))

    const a5 = await printed('stamp-card-a5.pdf', { template: 'stamp-card', storeSlug: store.slug, format: 'A5', locale: 'en' })
    assertOnePage(assert, a5, 'A5')
    assert.include(pdfText(a5), '9 bought, the 10th free')
    assert.equal(scannedQr(a5), joinUrlOf(store))

    const tea = await createStore({ name: 'Maison du Thé' })
    const reward = { kind: 'amount' as const, value_cents: 300, validity_days: 30 }
    await createProgram(tea, stampRules({ skus: ['THE-VERT'], categories: [], goal: 4, reward, validity_months: 6 }))
    const teaCard = await printed('stamp-card-tea.pdf', { template: 'stamp-card', storeSlug: tea.slug })
    const teaText = pdfText(teaCard)
    assert.include(teaText, `Après 4 achats, un bon de ${euros(300)} valable 30 jours`)
    assert.include(teaText, 'tampons valables 6 mois')
    const teaWords = wordBoxes(teaCard).map((box) => box.word)
    assert.includeMembers(teaWords, ['1', '2', '3', '4'])
    assert.notInclude(teaWords, '5')
  })

  test('a store whose active auto-enrolment programmes give no stamps gets no stamp card', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store, defaultRules())
    await createProgram(store, demoRules(), { status: 'paused' })
    await createProgram(store, demoRules(), { enrolment: 'manual' })
    await createProgram(await createStore(), demoRules())
    const refusal = await printPoster({ template: 'stamp-card', storeSlug: store.slug }).catch((error) => error)
    assert.equal(refusal.reason, 'no_stamps')
    assert.equal(refusal.message, `No active programme that customers join at the store "${store.slug}" gives stamps: switch on the stamp card in a programme (Loyalty) first`)
  })

  test('the window sticker is print-ready: the page is the sticker plus 3 mm of bleed, its cut line the trim box, the colour to the edge and nothing else within 4 mm of the cut', async ({ assert }) => {
    const store = await createStore({ name: 'Fromagerie Lucas', brandColour: '#204a87' })
    await createProgram(store)
    for (const side of [80, 100, 150]) {
      const path = await printed(`sticker-${side}.pdf`, { template: 'sticker', storeSlug: store.slug, format: side === 100 ? undefined : `S${side}` })
      const info = assertOnePage(assert, path, [side + 6, side + 6])
      // The boxes come in an update appended to Chromium's file: its offsets are exact.
      assert.deepEqual(crossReferencesOf(path), [])
      const [left, bottom, right, top] = info.trimBox
      assert.closeTo(left, 3 * POINTS_PER_MM, 0.1)
      assert.closeTo(info.height - top, 3 * POINTS_PER_MM, 0.1)
      assert.closeTo(right - left, side * POINTS_PER_MM, 0.1)
      assert.closeTo(top - bottom, side * POINTS_PER_MM, 0.1)
      assert.closeTo(info.bleedBox[2] - info.bleedBox[0], (side + 6) * POINTS_PER_MM, 0.1)

      // Bleed (3 mm) and the 4 mm inside the cut: the store's colour and nothing else, up to the page's edge.
      const pixels = pixelsOffColourNearEdge(path, 3 + 4, '#204a87')
      assert.equal(pixels.off, 0, `S${side}: ${pixels.off} pixels other than the colour near the edge`)
      // What fills the safe zone is mostly the QR code: it spans most of the sticker.
      assert.isAbove(pixels.content.widthMm, side * 0.75)

      const text = pdfText(path)
      assert.include(text, 'Fromagerie Lucas')
      assert.include(text, 'Carte de fidélité — scannez pour rejoindre')
      assert.equal(scannedQr(path), joinUrlOf(store))
    }
    assert.include(pdfText(await printed('sticker-en.pdf', { template: 'sticker', storeSlug: store.slug, locale: 'en' })), 'Loyalty card — scan to join')
  }).timeout(60_000)

  test('the table tent is one landscape sheet folded into two faces that both read upright standing: face A invites to join with the QR code, face B tells the happy hours', async ({ assert }) => {
    const store = await createStore({ name: 'Brasserie du Port' })
    await createProgram(store)
    await createAnimation(store, 'happy_hour', { params: { weekdays: [4, 2], starts_at: '16:00', ends_at: '18:30', multiplier_pct: 150, bonus_points: 5 } })
    const tent = await printed('tent.pdf', { template: 'table-tent', storeSlug: store.slug })
    const info = assertOnePage(assert, tent, 'A4', 'landscape')
    const text = pdfText(tent)
    for (const expected of ['Rejoignez notre programme de fidélité', 'Tous les 100 points un bon de 5 € valable 60 jours', 'Carte de 9 tampons sur « café »', 'Happy hour', 'Vos points × 1,5', '+ 5 points offerts', 'Chaque mardi et jeudi, de 16:00 à 18:30']) {
      assert.include(text, expected)
    }
    // One QR code, turned a quarter so that its top points to the fold.
    assert.deepEqual(scannedQrs(tent), [{ data: joinUrlOf(store), orientation: 'RIGHT' }])

    const boxes = wordBoxes(tent)
    const at = (word: string) => boxes.find((box) => box.word === word)!
    const fold = info.width / 2
    // Face A, left of the fold, turned clockwise: its lines run down the sheet; folded, its top is the fold.
    assert.isBelow(at('Rejoignez').xMax, fold)
    assert.isBelow(at('Rejoignez').yMin, at('programme').yMin)
    // Face B, right of the fold, turned the other way: upside down to face A on the flat sheet.
    assert.isAbove(at('Chaque').xMin, fold)
    assert.isAbove(at('Chaque').yMin, at('18:30').yMin)

    const a3 = await printed('tent-a3.pdf', { template: 'table-tent', storeSlug: store.slug, format: 'A3' })
    assertOnePage(assert, a3, 'A3', 'landscape')
    assert.equal(scannedQr(a3), joinUrlOf(store))

    const quiet = await createStore({ name: 'Salon de Thé' })
    await createProgram(quiet)
    const howTo = await printed('tent-quiet.pdf', { template: 'table-tent', storeSlug: quiet.slug, locale: 'en' })
    const howToText = pdfText(howTo)
    assert.include(howToText, 'How it works')
    assert.include(howToText, 'Scan the code on the other side')
    assert.notInclude(howToText, 'Happy hour')
    assert.equal(scannedQr(howTo), joinUrlOf(quiet))
  }).timeout(60_000)

  test('the member-price notice prints the product, the member price below the regular one and the end date in long form, on A5 unless A4 is asked', async ({ assert }) => {
    const store = await createStore({ name: 'Boulangerie Martin', timezone: 'Europe/Paris' })
    await createProgram(store)
    const offer = { product: 'Croissant au beurre', price: '1,40', memberPrice: '1.1', details: 'chaque mardi matin', until: '2099-12-31' }
    const notice = await printed('member-price.pdf', { template: 'member-price', storeSlug: store.slug, offer })
    assertOnePage(assert, notice, 'A5')
    const text = pdfText(notice)
    for (const expected of ['Prix membre', 'Croissant au beurre', euros(110), `Prix normal : ${euros(140)}`, 'pour les membres du programme de fidélité', 'chaque mardi matin', "Offre valable jusqu'au 31 décembre 2099 inclus"]) {
      assert.include(text, expected)
    }
    assert.equal(scannedQr(notice), joinUrlOf(store))

    const english = await printed('member-price-en.pdf', { template: 'member-price', storeSlug: store.slug, format: 'A4', locale: 'en', offer: { product: 'Sourdough loaf', price: ' 4 ', memberPrice: '3,5 €', until: '2099-01-02' } })
    assertOnePage(assert, english, 'A4')
    const englishText = pdfText(english)
    for (const expected of ['Member price', 'Sourdough loaf', `Regular price: ${euros(400, 'en')}`, euros(350, 'en'), 'Offer valid until 2 January 2099 inclusive']) assert.include(englishText, expected)

    // Today in the store's own time zone is still on; the highest prices allowed; no details, no end date: neither printed.
    const today = DateTime.now().setZone('Pacific/Kiritimati').toISODate()!
    const farEast = await createStore({ timezone: 'Pacific/Kiritimati' })
    const { html } = await posterHtml({ template: 'member-price', storeSlug: farEast.slug, offer: { product: 'Pain', price: '10000', memberPrice: '9999,99', until: today } })
    assert.include(html, moneyText(999_999, 'fr'))
    const bare = pdfText(await printed('member-price-bare.pdf', { template: 'member-price', storeSlug: store.slug, offer: { product: 'Pain', price: '2', memberPrice: '1,5' } }))
    assert.include(bare, `Prix normal : ${euros(200)}`)
    assert.notInclude(bare, 'Offre valable')
  })

  test('an offer that does not hold is refused with VineJS field errors in the poster language, for the studio to show under each field', async ({ assert }) => {
    const store = await createStore({ timezone: 'Europe/Paris' })
    const valid = { product: 'Pain', price: '2', memberPrice: '1,50' }
    const yesterday = DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!
    const cases: Array<[PrintPosterInput['offer'], Record<string, [string, string]>]> = [
      [{}, { product: ['required', 'Indiquez le produit.'], price: ['required', 'Indiquez le prix normal.'], member_price: ['required', 'Indiquez le prix membre.'] }],
      [{ ...valid, product: '   ' }, { product: ['required', 'Indiquez le produit.'] }],
      [{ ...valid, product: 'p'.repeat(81) }, { product: ['maxLength', 'Le produit tient en 80 caractères au plus.'] }],
      [{ ...valid, price: 'abc' }, { price: ['euros', 'Écrivez le prix normal en euros, par exemple 2,50.'] }],
      [{ ...valid, price: '2,505' }, { price: ['euros', 'Écrivez le prix normal en euros, par exemple 2,50.'] }],
      [{ ...valid, price: '10000,01' }, { price: ['euros_range', 'Le prix normal va de 0,01 € à 10 000 €.'] }],
      [{ ...valid, memberPrice: '0' }, { member_price: ['euros_range', 'Le prix membre va de 0,01 € à 10 000 €.'] }],
      [{ ...valid, memberPrice: '2,00' }, { member_price: ['below_price', 'Le prix membre doit être inférieur au prix normal.'] }],
      [{ ...valid, memberPrice: '3' }, { member_price: ['below_price', 'Le prix membre doit être inférieur au prix normal.'] }],
      [{ ...valid, details: 'd'.repeat(161) }, { details: ['maxLength', 'Les précisions tiennent en 160 caractères au plus.'] }],
      [{ ...valid, until: yesterday }, { until: ['until_past', "La date de fin est passée : choisissez aujourd'hui ou plus tard."] }],
      [{ ...valid, until: '2099-02-30' }, { until: ['until_date', 'Écrivez la date de fin au format AAAA-MM-JJ, par exemple 2026-12-31.'] }],
      [{ ...valid, until: '31/12/2099' }, { until: ['until_date', 'Écrivez la date de fin au format AAAA-MM-JJ, par exemple 2026-12-31.'] }],
    ]
    for (const [offer, expected] of cases) {
      const got = await offerErrors(store.slug, offer)
      // French typography: no-break spaces in "10 000 €" and before ":".
      assert.deepEqual(JSON.parse(JSON.stringify(got).replace(/[\u00a0\u202f]/g, ' ')), expected, JSON.stringify(offer))
    }
    assert.deepEqual(await offerErrors(store.slug, { ...valid, memberPrice: '2' }, 'en'), { member_price: ['below_price', 'The member price must be lower than the regular price.'] })
  })

  test('the longest texts and largest programmes the forms allow still print on one page of the smallest format, with a QR code that scans', async ({ assert }) => {
    const name = 'Boulangerie Pâtisserie Chocolaterie Glacier Traiteur de la Place du Marché aux Herbes et des Quatre Fontaines Réunies'.slice(0, 120)
    const store = await createStore({ name, brandColour: '#ffd500' })
    const voucher = { kind: 'product' as const, product_label: 'Une grande boisson chaude au choix, avec supplément offert', value_cents: 450, validity_days: 3650 }
    const levels = Array.from({ length: 10 }, (_, index) => ({ key: `niveau-${index}`, name: `Niveau numéro ${index + 1} très long`, threshold: index * 100_00, multiplier_pct: 100 + index * 10 }))
    const rules: ProgramRules = {
      ...demoRules(),
      stamps: { skus: Array.from({ length: 6 }, (_, index) => `PRODUIT-${index}`), categories: ['viennoiserie', 'pâtisserie', 'boisson chaude'], goal: 100, reward: voucher, validity_months: 120 },
      cashback: { rate_bp: 250, validity_months: 12 },
      tiers: { basis: 'spend_365d', levels },
      automatic_rewards: Array.from({ length: 5 }, (_, index) => ({ every_points: 100 * (index + 1), voucher })),
    }
    await createProgram(store, rules, { name: 'Programme de fidélité principal avec un nom particulièrement long' })
    await createProgram(store, rules, { name: 'Second programme' })
    for (const weekday of [1, 3, 5]) {
      await createAnimation(store, 'happy_hour', { params: { weekdays: [weekday, 6, 7], starts_at: '07:00', ends_at: '23:30', multiplier_pct: 475, bonus_points: 9999 } })
    }
    const offer = { product: 'W'.repeat(80), price: '9999,99', memberPrice: '9999,98', details: 'W '.repeat(80).trim(), until: '2099-12-31' }
    const smallest: Array<[string, string, keyof typeof SIZES | [number, number], 'portrait' | 'landscape']> = [
      ['stamp-card', 'A6', 'A6', 'portrait'],
      ['sticker', 'S80', [86, 86], 'portrait'],
      ['table-tent', 'A4', 'A4', 'landscape'],
      ['member-price', 'A5', 'A5', 'portrait'],
      ['enrolment', 'A5', 'A5', 'portrait'],
    ]
    for (const [template, format, size, orientation] of smallest) {
      const path = await printed(`longest-${template}.pdf`, { template, format, storeSlug: store.slug, offer })
      assertOnePage(assert, path, size, orientation)
      assert.equal(scannedQr(path), joinUrlOf(store), template)
    }
  }).timeout(60_000)

  test('hostile text typed by the owner prints as text: no script runs, nothing from the file system or the network reaches the notice', async ({ assert }) => {
    const canary = await startCanary()
    const { hits, origin } = canary
    try {
      const store = await createStore()
      const product = `<script>document.write('EXEC'+'UTED')</script><img src=file:///etc/passwd>`
      const details = `<img src=${origin}/d><link rel=stylesheet href=${origin}/c.css><meta http-equiv=refresh content="0;url=${origin}/r">`
      const path = await printed('member-price-hostile.pdf', { template: 'member-price', storeSlug: store.slug, offer: { product, price: '2', memberPrice: '1', details } })
      // Spaces and hyphens out: long words wrap anywhere, and pdftotext joins "http-" + "equiv" at a line's end.
      const squeezed = (typed: string) => typed.replace(/[\s-]/g, '')
      const text = squeezed(pdfText(path))
      assert.include(text, squeezed(product))
      assert.include(text, squeezed(details))
      assert.notInclude(text, 'EXECUTED')
      assert.notMatch(text, /root:.*:0:0:/)
      assert.notInclude(text, 'LEAKED')
      assert.deepEqual(hits, [])
    } finally {
      await canary.close()
    }
  })
})
