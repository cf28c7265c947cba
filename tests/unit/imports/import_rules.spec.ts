import { test } from '@japa/runner'
import { CsvFileError, decodeCsv, detectDelimiter, readCsvFile } from '#customers/import/csv_file'
import { guessMapping } from '#customers/import/column_mapping'
import { normaliseRow, parseBirthday } from '#customers/import/normalise_row'
import { safeCsvCell } from '#customers/export/safe_csv_cell'

const FIELDS = ['first_name', 'last_name', 'email', 'phone', 'birthday', 'tags', 'email_consent', 'email_consent_at', 'email_consent_source'] as const

test.group('Import: delimiter and encoding detection', () => {
  test('comma, semicolon and tab are detected from the header, quotes ignored', ({ assert }) => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3'), ',')
    assert.equal(detectDelimiter('"Nom, complet";Prénom;Tel\n'), ';')
    assert.equal(detectDelimiter('a\tb\tc\r\n'), '\t')
    assert.equal(detectDelimiter('email\nx@y.fr'), ',')
  })

  test('UTF-8 with BOM, UTF-8 and Windows-1252 are read as the same text', ({ assert }) => {
    const text = 'Prénom;Nom\nHélène;Dœuf\n'
    const utf8 = Buffer.from(text, 'utf-8')
    assert.equal(decodeCsv(utf8).text, text)
    assert.equal(readCsvFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])).header[0], 'Prénom')
    const cp1252 = Buffer.from([...Buffer.from('Pr', 'latin1'), 0xe9, ...Buffer.from('nom;Nom\nH', 'latin1'), 0xe9, ...Buffer.from('l', 'latin1'), 0xe8, ...Buffer.from('ne;D', 'latin1'), 0x9c, ...Buffer.from('uf\n', 'latin1')])
    const decoded = decodeCsv(cp1252)
    assert.equal(decoded.encoding, 'windows-1252')
    assert.equal(decoded.text, text)
  })

  test('binary, empty and header-only files are refused with a code', ({ assert }) => {
    const codeOf = (bytes: Uint8Array) => {
      try {
        readCsvFile(bytes)
        return null
      } catch (error) {
        return (error as CsvFileError).code
      }
    }
    assert.equal(codeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02])), 'binary')
    assert.equal(codeOf(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x41])), 'binary')
    assert.equal(codeOf(Buffer.alloc(0)), 'empty')
    assert.equal(codeOf(Buffer.from('email\n')), 'no_data')
    assert.equal(codeOf(Buffer.from('email\n' + 'a\n'.repeat(100_001))), 'too_many_rows')
    assert.equal(readCsvFile(Buffer.from('email\n' + 'a\n'.repeat(100_000))).dataRows, 100_000)
  })

  test('French and English headers are guessed, each field once', ({ assert }) => {
    assert.deepEqual(guessMapping(['Prénom', 'Nom', 'E-mail', 'Téléphone', 'Date de naissance', 'Portable', 'Notes']), ['first_name', 'last_name', 'email', 'phone', 'birthday', 'ignore', 'ignore'])
    assert.deepEqual(guessMapping(['First Name', 'Last name', 'Email', 'Mobile', 'Birthday', 'Tags']), ['first_name', 'last_name', 'email', 'phone', 'birthday', 'tags'])
  })
})

test.group('Import: row normaliser', () => {
  test('normalises phone, e-mail, names, birthday and tags', ({ assert }) => {
    const result = normaliseRow(['  Marie ', 'Dupont', ' Marie.D@Example.FR ', '06 12 34 56 78', '14/07/1989', 'vip| Café ,vip'], [...FIELDS])
    assert.isTrue(result.ok)
    if (!result.ok) return
    assert.include(result.row, { firstName: 'Marie', lastName: 'Dupont', email: 'marie.d@example.fr', phoneE164: '+33612345678', birthDay: 14, birthMonth: 7, birthYear: 1989 })
    assert.deepEqual(result.row.tags, ['vip', 'café'])
    assert.deepEqual(result.row.consents, [])
  })

  test('birthday formats: DD/MM/YYYY, YYYY-MM-DD, DD/MM; impossible dates refused', ({ assert }) => {
    assert.deepEqual(parseBirthday('1990-02-03'), { birthDay: 3, birthMonth: 2, birthYear: 1990 })
    assert.deepEqual(parseBirthday('29/02'), { birthDay: 29, birthMonth: 2, birthYear: null })
    assert.isNull(parseBirthday('31/02/1990'))
    assert.isNull(parseBirthday('12/13/1990'))
    assert.isNull(parseBirthday('demain'))
  })

  test('rejections carry a code', ({ assert }) => {
    const code = (cells: string[]) => {
      const result = normaliseRow(cells, [...FIELDS])
      return result.ok ? 'ok' : result.code
    }
    assert.equal(code(['A', 'B', 'not-an-email', '']), 'invalid_email')
    assert.equal(code(['A', 'B', '', '12']), 'invalid_phone')
    assert.equal(code(['A', 'B', '', '']), 'missing_identifier')
    assert.equal(code(['x'.repeat(81), 'B', 'a@b.fr']), 'invalid_name')
    assert.equal(code(['A\u0007', 'B', 'a@b.fr']), 'invalid_name')
    assert.equal(code(['A', 'B', 'a@b.fr', '', '32/01/2000']), 'invalid_birthday')
    assert.equal(code(['A', 'B', 'a@b.fr', '', '', 't'.repeat(41)]), 'invalid_tags')
    assert.equal(code(['=HYPERLINK("http://x","y")', '<script>alert(1)</script>', 'a@b.fr']), 'ok')
  })

  test('consent needs yes AND a date; otherwise none', ({ assert }) => {
    const consents = (cells: string[]) => {
      const result = normaliseRow(['A', 'B', 'a@b.fr', '', '', '', ...cells], [...FIELDS])
      return result.ok ? result.row.consents : null
    }
    assert.deepEqual(consents(['oui', '12/03/2023', 'formulaire papier']), [{ purpose: 'email_marketing', givenOn: '2023-03-12', via: 'formulaire papier' }])
    assert.deepEqual(consents(['yes', '2023-03-12']), [{ purpose: 'email_marketing', givenOn: '2023-03-12', via: 'unspecified' }])
    assert.deepEqual(consents(['oui', '']), [])
    assert.deepEqual(consents(['non', '12/03/2023']), [])
    assert.deepEqual(consents(['1', '12/03/2999']), [])
  })
})

test.group('Export: formula-safe cells', () => {
  test('cells starting with = + - @ TAB or CR get a leading quote, others are untouched', ({ assert }) => {
    assert.equal(safeCsvCell('=HYPERLINK("http://x","y")'), `'=HYPERLINK("http://x","y")`)
    for (const start of ['+', '-', '@', '\t', '\r']) assert.equal(safeCsvCell(`${start}cmd`), `'${start}cmd`)
    assert.equal(safeCsvCell('Marie'), 'Marie')
    assert.equal(safeCsvCell(' =x'), ' =x')
    assert.equal(safeCsvCell(null), '')
    assert.equal(safeCsvCell(42), '42')
  })
})
