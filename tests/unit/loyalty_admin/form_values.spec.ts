import { test } from '@japa/runner'
import { formatEuros, formatHundredths, parseEuros, parseHundredths, parseList, parseWhole, parseWholePercent } from '#loyalty/admin/form_values'

test.group('Loyalty admin: what the owner types, as stored integers', () => {
  test('whole numbers accept spaces and refuse decimals, signs and exponents', ({ assert }) => {
    assert.equal(parseWhole('12'), 12)
    assert.equal(parseWhole(' 1 000 '), 1000)
    assert.equal(parseWhole('1\u202f000'), 1000)
    assert.isNull(parseWhole('   '))
    for (const bad of ['1,5', '-1', '1e3', 'douze', '0x10', '1234567890']) assert.isUndefined(parseWhole(bad), bad)
  })

  test('euros are read the French or the English way, to the cent', ({ assert }) => {
    assert.equal(parseEuros('5'), 500)
    assert.equal(parseEuros('5,00'), 500)
    assert.equal(parseEuros('5.5 €'), 550)
    assert.equal(parseEuros('0,05'), 5)
    assert.equal(parseEuros('1 234,50'), 123_450)
    assert.isNull(parseEuros(''))
    for (const bad of ['12,345', '5,5,5', 'cinq', '-5', '€']) assert.isUndefined(parseEuros(bad), bad)
  })

  test('percentages and factors with decimals become hundredths: "2,5 %" is 250 basis points, "1,25" is 125', ({ assert }) => {
    assert.equal(parseHundredths('2,5 %'), 250)
    assert.equal(parseHundredths('2.5%'), 250)
    assert.equal(parseHundredths('0,01'), 1)
    assert.equal(parseHundredths('1,25'), 125)
    assert.equal(parseHundredths('× 1,5'), 150)
    assert.equal(parseHundredths('1'), 100)
    assert.isNull(parseHundredths(' '))
    for (const bad of ['1,255', '2,5,0', 'x', '-1']) assert.isUndefined(parseHundredths(bad), bad)
    assert.equal(parseWholePercent('10 %'), 10)
    assert.isUndefined(parseWholePercent('10,5'))
  })

  test('lists split on commas, semicolons and lines; blanks and repeats are dropped', ({ assert }) => {
    assert.deepEqual(parseList('CARTE-CADEAU, TIMBRE\n\n  presse ;TIMBRE,'), ['CARTE-CADEAU', 'TIMBRE', 'presse'])
    assert.deepEqual(parseList(''), [])
  })

  test('stored figures are written back the way they are typed', ({ assert }) => {
    assert.equal(formatEuros(500, 'fr'), '5')
    assert.equal(formatEuros(250, 'fr'), '2,50')
    assert.equal(formatEuros(5, 'en'), '0.05')
    assert.equal(formatHundredths(250, 'fr'), '2,5')
    assert.equal(formatHundredths(125, 'fr'), '1,25')
    assert.equal(formatHundredths(150, 'en'), '1.5')
    assert.equal(formatHundredths(100, 'fr'), '1')
    for (const cents of [1, 5, 99, 100, 250, 12_345, 100_000_00]) {
      assert.equal(parseEuros(formatEuros(cents, 'fr')), cents)
      assert.equal(parseEuros(formatEuros(cents, 'en')), cents)
      assert.equal(parseHundredths(formatHundredths(cents, 'fr')), cents)
    }
  })
})
