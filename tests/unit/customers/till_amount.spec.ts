import { test } from '@japa/runner'
import { parseEuroCents } from '#till/amount'
import { decodeCursor, encodeCursor } from '#customers/customer_cursor'

test.group('Amounts typed at the till', () => {
  test('French and English decimals become integer cents', ({ assert }) => {
    assert.equal(parseEuroCents('12,50'), 1250)
    assert.equal(parseEuroCents('12.50'), 1250)
    assert.equal(parseEuroCents('12,5'), 1250)
    assert.equal(parseEuroCents('12'), 1200)
    assert.equal(parseEuroCents(' 1 234,56 € '), 123456)
    assert.equal(parseEuroCents('0,07'), 7)
  })

  test('ambiguous or malformed amounts are refused', ({ assert }) => {
    for (const typed of ['12,345', 'abc', '', '-5', '1e3', '12.5.0', '12,', ',50', '0x10']) {
      assert.isNull(parseEuroCents(typed), typed)
    }
  })
})

test.group('Customer list cursors', () => {
  test('a cursor round-trips, and a tampered one is ignored', ({ assert }) => {
    assert.deepEqual(decodeCursor(encodeCursor('dupont marie', 42)), { value: 'dupont marie', id: 42 })
    assert.deepEqual(decodeCursor(encodeCursor(null, 7)), { value: null, id: 7 })
    assert.isNull(decodeCursor('not-base64-json'))
    assert.isNull(decodeCursor(Buffer.from(JSON.stringify([{}, 'x'])).toString('base64url')))
  })
})
