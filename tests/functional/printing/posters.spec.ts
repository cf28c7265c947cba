import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import Store from '#stores/models/store'
import { printPoster } from '#printing/posters/print_poster'
import { joinUrlOf } from '#printing/posters/enrolment_poster'
import { createProgram, createStore } from '#tests/helpers/factories'
import { textOf as pageTextOf } from '#tests/helpers/html'
import { createAnimation } from '../animations/animation_helpers.js'

/** ISO 216 in points; Chromium rounds the page to its own grid, so a size is right within a point. */
const SIZES = { A4: [595.28, 841.89], A3: [841.89, 1190.55] } as const

let folder: string
const file = (name: string) => join(folder, name)

/** The PDF has one page of this ISO size, as poppler reads it ("Page size: 595.92 x 841.92 pts (A4)"). */
function assertOnePage(assert: Assert, path: string, format: keyof typeof SIZES) {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  assert.match(info, /^Pages:\s+1$/m)
  const [, width, height, name] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts \((\w+)\)/m)!
  assert.equal(name, format)
  assert.closeTo(Number(width), SIZES[format][0], 1)
  assert.closeTo(Number(height), SIZES[format][1], 1)
}

/** The PDF's text on one line: a sentence wrapped over two lines still reads whole. */
function pdfText(path: string) {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

/** The page as a 150 dpi image, read by zbar as a phone camera would: the QR code's content. */
function scannedQr(path: string) {
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path, `${path}-page`])
  // zbar complains on stderr that there is no D-Bus here: kept out of the test output.
  return execFileSync('zbarimg', ['--raw', '-q', `${path}-page.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** `node ace print:poster` in a process of its own, on this run's database. */
function printCommand(...args: string[]) {
  const run = spawnSync(process.execPath, ['ace', 'print:poster', ...args], { cwd: app.makePath(), env: process.env, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

async function printed(name: string, input: Parameters<typeof printPoster>[0]) {
  const { pdf } = await printPoster(input)
  writeFileSync(file(name), pdf)
  return file(name)
}

test.group('Printing: enrolment and happy-hour posters', (group) => {
  group.setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'posters-'))
    return () => rmSync(folder, { recursive: true, force: true })
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
    assert.include(pdfText(english), 'Every Tuesday and Thursday, 16:00 to 18:30')
    assert.include(pdfText(english), 'Your points × 1.5')

    const quiet = await createStore()
    const refusal = await printPoster({ template: 'happy-hour', storeSlug: quiet.slug }).catch((error) => error)
    assert.equal(refusal.message, `The store "${quiet.slug}" has no active happy hour: create or activate one in Animations first`)
  })

  test('a hostile store name prints as text: no script runs, nothing from the file system or the network reaches the page', async ({ assert }) => {
    const hits: string[] = []
    const canary = createServer((request, response) => {
      hits.push(request.url ?? '')
      response.end('LEAKED')
    })
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`
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
      await new Promise((resolve) => canary.close(resolve))
    }
  })

  test('node ace print:poster writes the PDF; an unknown template, store or format, or one not built yet: exit code 1 with the reason', async ({ assert }) => {
    const store = await createStore({ name: 'Boulangerie Martin' })
    await createProgram(store)
    await createAnimation(store, 'happy_hour', { params: { weekdays: [5], starts_at: '07:00', ends_at: '08:00', multiplier_pct: 300, bonus_points: 0 } })

    const enrolment = printCommand('enrolment', `--out=${file('cli-enrolment.pdf')}`, `--store=${store.slug}`, '--format=A3')
    assert.equal(enrolment.status, 0, enrolment.output)
    assertOnePage(assert, file('cli-enrolment.pdf'), 'A3')
    assert.equal(scannedQr(file('cli-enrolment.pdf')), joinUrlOf(store))

    const happyHour = printCommand('happy-hour', `--out=${file('cli-happy-hour.pdf')}`, `--store=${store.slug}`)
    assert.equal(happyHour.status, 0, happyHour.output)
    assertOnePage(assert, file('cli-happy-hour.pdf'), 'A4')
    assert.include(pdfText(file('cli-happy-hour.pdf')), 'Chaque vendredi, de 07:00 à 08:00')
    assert.include(pdfText(file('cli-happy-hour.pdf')), 'Vos points × 3')

    const byDefault = printCommand('enrolment', `--out=${file('cli-default.pdf')}`)
    assert.equal(byDefault.status, 0, byDefault.output)
    assert.equal(scannedQr(file('cli-default.pdf')), joinUrlOf(await Store.defaultStore()))

    const refusals: Array<[string[], string]> = [
      [['poster-geant'], 'Unknown template "poster-geant": choose one of enrolment, happy-hour, stamp-card, sticker, table-tent, member-price, terms'],
      [['sticker'], 'The sticker template is not available yet'],
      [['terms'], 'The terms template is not available yet'],
      [['enrolment', '--store=nulle-part'], 'No store has the slug "nulle-part"'],
      [['enrolment', `--store=${store.slug}`, '--format=A2'], 'Unknown format "A2": choose one of A3, A4, A5'],
      [['enrolment', `--store=${store.slug}`, '--locale=de'], 'Unknown language "de"'],
    ]
    for (const [args, message] of refusals) {
      const out = file(`refused-${args[0]}.pdf`)
      const refused = printCommand(...args, `--out=${out}`)
      assert.equal(refused.status, 1, refused.output)
      assert.include(refused.output, message)
      assert.isFalse(existsSync(out))
    }
  }).timeout(180_000)
})
