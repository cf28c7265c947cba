import { test } from '@japa/runner'
import { startCanary } from '#tests/helpers/canary'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import ace from '@adonisjs/core/services/ace'
import Store from '#stores/models/store'
import { defaultFormatOf, formatsOf, POSTER_TEMPLATES, printPoster } from '#printing/posters/print_poster'
import { joinUrlOf } from '#printing/posters/enrolment_poster'
import { createProgram, createStore } from '#tests/helpers/factories'
import { textOf as pageTextOf } from '#tests/helpers/html'
import { createAnimation } from '../animations/animation_helpers.js'
import { assertOnePage, pdfFolder, pdfText, printedTo, scannedQr } from './pdf_checks.js'
import PrintPosterCommand from '../../../commands/print_poster.js'

let folder: ReturnType<typeof pdfFolder>
const printed = (name: string, input: Parameters<typeof printPoster>[0]) => printedTo(folder.file(name), input)

/** `node ace print:poster` in a process of its own, on this run's database (a few seconds each: two in this file). */
function printCommand(...args: string[]) {
  const run = spawnSync(process.execPath, ['ace', 'print:poster', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

/** The same command in this process (no boot): its exit code and what it logged. */
async function printCommandHere(...args: string[]) {
  ace.ui.switchMode('raw')
  ace.ui.logger.flushLogs()
  try {
    const command = await ace.create(PrintPosterCommand, args)
    await command.exec()
    return { status: command.exitCode, output: ace.ui.logger.getLogs().map((log) => log.message).join('\n') }
  } finally {
    ace.ui.switchMode('normal')
  }
}

async function refusalOf(input: Parameters<typeof printPoster>[0]) {
  return printPoster(input).then(
    () => null,
    (error) => ({ reason: error.reason, message: error.message as string })
  )
}

test.group('Printing: enrolment and happy-hour posters', (group) => {
  group.setup(() => {
    folder = pdfFolder()
    return folder.remove
  })

  test('the enrolment poster prints on one A4 or A3 page with the rewards as configured and a QR code that opens the join form', async ({ client, assert }) => {
    const store = await createStore({ name: 'Café des Arts', brandColour: '#1f5e3b' })
    await createProgram(store)
    for (const format of ['A4', 'A3'] as const) {
      const path = await printed(`enrolment-${format}.pdf`, { template: 'enrolment', storeSlug: store.slug, format })
      assertOnePage(assert, path, format)
      const text = pdfText(path)
      assert.include(text, 'Café des Arts')
      assert.include(text, 'Rejoignez notre programme de fidélité')
      // demoRules(): 1 point per euro, a 5 € voucher every 100 points, the tenth coffee free.
      assert.include(text, '1 point par euro entier')
      assert.include(text, 'Tous les 100 points un bon de 5 € valable 60 jours')
      assert.include(text, 'Carte de 9 tampons sur « café », puis un bon « Un café offert » valable 60 jours')
      assert.equal(scannedQr(path), joinUrlOf(store))
    }
    const joinPage = await client.get(new URL(joinUrlOf(store)).pathname)
    joinPage.assertStatus(200)
    assert.include(pageTextOf(joinPage), `action="/join/${store.slug}"`)

    const english = await printed('enrolment-en.pdf', { template: 'enrolment', storeSlug: store.slug, locale: 'en' })
    assert.include(pdfText(english), 'Every 100 points a €5 voucher valid 60 days')
  })

  test('the happy-hour poster prints the windows in store time and the multiplier as configured; a store without one is refused', async ({ assert }) => {
    const store = await createStore({ name: 'Le Comptoir du Marché' })
    await createProgram(store)
    await createAnimation(store, 'happy_hour', { params: { weekdays: [4, 2], starts_at: '16:00', ends_at: '18:30', multiplier_pct: 150, bonus_points: 5 } })
    for (const format of ['A4', 'A3'] as const) {
      const path = await printed(`happy-hour-${format}.pdf`, { template: 'happy-hour', storeSlug: store.slug, format })
      assertOnePage(assert, path, format)
      const text = pdfText(path)
      assert.include(text, 'Vos points × 1,5')
      assert.include(text, '+ 5 points offerts')
      assert.include(text, 'Chaque mardi et jeudi, de 16:00 à 18:30')
    }
    const english = await printed('happy-hour-en.pdf', { template: 'happy-hour', storeSlug: store.slug, format: 'A5', locale: 'en' })
    assertOnePage(assert, english, 'A5')
    assert.include(pdfText(english), 'Every Tuesday and Thursday, 16:00 to 18:30')
    assert.include(pdfText(english), 'Your points × 1.5')

    const quiet = await createStore()
    assert.deepEqual(await refusalOf({ template: 'happy-hour', storeSlug: quiet.slug }), {
      reason: 'no_happy_hour',
      message: `The store "${quiet.slug}" has no active happy hour: create or activate one in Animations first`,
    })
  })

  test('a hostile store name prints as text: no script runs, nothing from the file system or the network reaches the page', async ({ assert }) => {
    const canary = await startCanary()
    const { hits, origin } = canary
    try {
      const name = `<script>document.write('EXEC'+'UTED')</script><img src=file:///etc/passwd><img src=${origin}/n>`
      const store = await createStore({ name })
      await createProgram(store, undefined, { name: `<iframe src=file:///etc/passwd></iframe>` })
      await createProgram(store, undefined, { name: `<link rel=stylesheet href=${origin}/p.css>` })
      // Spaces out: the long name wraps anywhere on the poster.
      const text = pdfText(await printed('hostile.pdf', { template: 'enrolment', storeSlug: store.slug })).replace(/\s/g, '')
      assert.include(text, name.replace(/\s/g, ''))
      assert.include(text, '<iframesrc=file:///etc/passwd></iframe>')
      assert.notInclude(text, 'EXECUTED')
      assert.notMatch(text, /root:.*:0:0:/)
      assert.notInclude(text, 'LEAKED')
      assert.deepEqual(hits, [])
    } finally {
      await canary.close()
    }
  })

  test('each template has its own formats and default; a format, store, template or language it does not know is refused with the reason', async ({ assert }) => {
    const expected = {
      'enrolment': [['A3', 'A4', 'A5'], 'A4'],
      'happy-hour': [['A3', 'A4', 'A5'], 'A4'],
      'stamp-card': [['A5', 'A6'], 'A6'],
      'sticker': [['S80', 'S100', 'S150'], 'S100'],
      'table-tent': [['A3', 'A4'], 'A4'],
      'member-price': [['A4', 'A5'], 'A5'],
      'terms': [['A4', 'A5'], 'A4'],
    }
    assert.deepEqual(Object.fromEntries(POSTER_TEMPLATES.map((template) => [template, [formatsOf(template), defaultFormatOf(template)]])), expected)

    const store = await createStore()
    await createProgram(store)
    // No format asked: the template's own default (A4 here, A6 for the stamp card in signage.spec.ts).
    assertOnePage(assert, await printed('default-format.pdf', { template: 'enrolment', storeSlug: store.slug }), 'A4')
    // No store asked: the default store.
    assert.equal(scannedQr(await printed('default-store.pdf', { template: 'enrolment', format: 'a5' })), joinUrlOf(await Store.defaultStore()))

    const refusals: Array<[Parameters<typeof printPoster>[0], string, string]> = [
      [{ template: 'poster-geant' }, 'unknown_template', 'Unknown template "poster-geant": choose one of enrolment, happy-hour, stamp-card, sticker, table-tent, member-price, terms'],
      [{ template: 'enrolment', storeSlug: 'nulle-part' }, 'unknown_store', 'No store has the slug "nulle-part" (or it is archived)'],
      [{ template: 'enrolment', storeSlug: store.slug, format: 'A2' }, 'unknown_format', 'Unknown format "A2": choose one of A3, A4, A5 for the enrolment template'],
      [{ template: 'sticker', storeSlug: store.slug, format: 'A4' }, 'unknown_format', 'Unknown format "A4": choose one of S80, S100, S150 for the sticker template'],
      [{ template: 'stamp-card', storeSlug: store.slug, format: 'A3' }, 'unknown_format', 'Unknown format "A3": choose one of A5, A6 for the stamp-card template'],
      [{ template: 'enrolment', storeSlug: store.slug, locale: 'de' }, 'unknown_locale', 'Unknown language "de": choose fr or en'],
    ]
    for (const [input, reason, message] of refusals) assert.deepEqual(await refusalOf(input), { reason, message })
  })

  test('node ace print:poster writes the PDF from the flags; a refusal or an offer that does not hold: exit code 1 with the reasons, no file', async ({ assert }) => {
    const store = await createStore({ name: 'Boulangerie Martin' })
    await createProgram(store)

    const out = folder.file('cli-member-price.pdf')
    const printedByCli = printCommand('member-price', `--out=${out}`, `--store=${store.slug}`, '--product=Baguette tradition', '--price=1,30', '--member-price=1.1', '--details=chaque mardi', '--until=2099-06-30')
    assert.equal(printedByCli.status, 0, printedByCli.output)
    assert.include(printedByCli.output, `member-price of ${store.slug} (A5, fr) written to ${out}`)
    assertOnePage(assert, out, 'A5')
    const text = pdfText(out)
    for (const expected of ['Baguette tradition', 'Prix normal : 1,30 €', '1,10 €', 'chaque mardi', "Offre valable jusqu'au 30 juin 2099 inclus"]) assert.include(text, expected)
    assert.equal(scannedQr(out), joinUrlOf(store))

    const refusedOut = folder.file('cli-refused.pdf')
    const refused = printCommand('member-price', `--out=${refusedOut}`, `--store=${store.slug}`, '--price=abc', '--member-price=2')
    assert.equal(refused.status, 1, refused.output)
    assert.include(refused.output, '--product: Indiquez le produit.')
    assert.include(refused.output, '--price: Écrivez le prix normal en euros, par exemple 2,50.')
    assert.isFalse(existsSync(refusedOut))

    // The other refusals go through the same command in this process.
    const here: Array<[string[], string]> = [
      [['poster-geant'], 'Unknown template "poster-geant"'],
      [['enrolment', '--store=nulle-part'], 'No store has the slug "nulle-part"'],
      [['sticker', `--store=${store.slug}`, '--format=A4'], 'Unknown format "A4": choose one of S80, S100, S150 for the sticker template'],
      [['member-price', `--store=${store.slug}`, '--locale=en', '--product=Bread', '--price=2', '--member-price=2,00'], '--member-price: The member price must be lower than the regular price.'],
    ]
    for (const [args, message] of here) {
      const path = folder.file(`refused-${args[0]}.pdf`)
      const result = await printCommandHere(...args, `--out=${path}`)
      assert.equal(result.status, 1, result.output)
      assert.include(result.output, message)
      assert.isFalse(existsSync(path))
    }
  }).timeout(60_000)
})
