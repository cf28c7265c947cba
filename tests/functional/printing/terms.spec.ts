import { test } from '@japa/runner'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { demoRules } from '#loyalty/program_rules'
import { publishTerms } from '#loyalty/terms/publish_terms'
import { printPoster } from '#printing/posters/print_poster'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'

let folder: string

test.group('Printing: the programme terms', (group) => {
  group.setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'terms-'))
    return () => rmSync(folder, { recursive: true, force: true })
  })

  test('the terms in force as A4 pages: the configured earning and expiry clauses, each page numbered with the version', async ({ assert }) => {
    const store = await createStore({ name: "L'Épi d'Or" })
    const rules = demoRules()
    rules.points = { ...rules.points!, per_euro: 4, validity_months: 15 }
    await createProgram(store, rules)
    const owner = await createStaff('owner')
    const terms = await publishTerms({ effectiveOn: DateTime.now(), changes: 'Quatre points par euro.', staffMemberId: owner.id, ip: null, timezone: 'Europe/Paris' })
    const { pdf } = await printPoster({ template: 'terms', storeSlug: store.slug, locale: 'fr' })
    const path = join(folder, 'terms.pdf')
    writeFileSync(path, pdf)
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
    const pages = Number(info.match(/^Pages:\s+(\d+)$/m)![1])
    assert.isAtLeast(pages, 2)
    const [, width, height] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m)!
    assert.closeTo(Number(width), 595.28, 1)
    assert.closeTo(Number(height), 841.89, 1)
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').replace(/[\u00a0\u202f]/g, ' ')
    assert.include(text, 'Règlement du programme de fidélité')
    assert.include(text, '4 points par euro entier payé')
    assert.include(text, 'Chaque point est valable 15 mois')
    assert.include(text, 'Un point expiré est perdu')
    assert.include(text, `Règlement du programme, version ${terms.version} — 1 / ${pages}`)
    assert.include(text, `L’Épi d’Or · Règlement du programme, version ${terms.version} — ${pages} / ${pages}`)
    const english = execFileSync('pdftotext', ['-', '-'], { input: (await printPoster({ template: 'terms', storeSlug: store.slug, locale: 'en' })).pdf, encoding: 'utf8' }).replace(/\s+/g, ' ')
    assert.include(english, 'Each point is valid for 15 months')
  })
})
