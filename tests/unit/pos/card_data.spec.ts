import { test } from '@japa/runner'
import { looksLikeCardNumber, luhnValid, refuseCardData } from '#pos/card_data'
import { canonicalJson, requestHash, validIdempotencyKey } from '#pos/idempotency'

test.group('POS: card data detection (R6)', () => {
  test('Luhn-valid 13 to 19 digit numbers, grouped or not, are card numbers', ({ assert }) => {
    for (const pan of ['4111111111111111', '4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '4222222222222']) {
      assert.isTrue(looksLikeCardNumber(pan), pan)
    }
    for (const other of ['4111111111111112', '+33612345678', '0612345678', '123456789012', '12345678901234567890', 'REF-4111111111111111', '']) {
      assert.isFalse(looksLikeCardNumber(other), other)
    }
    assert.isTrue(luhnValid('79927398713'))
  })

  test('card-data keys are refused at any depth and in any case; ordinary bodies pass', ({ assert }) => {
    for (const body of [{ PAN: 1 }, { a: [{ b: { Security_Code: 'x' } }] }, { 'card-number': 'x' }, { cvc: null }, { x: ['4111111111111111'] }]) {
      assert.throws(() => refuseCardData(body), /card data/i)
    }
    assert.doesNotThrow(() => refuseCardData({ total_cents: 100, card: '2345678923', lines: [{ sku: 'A', name: 'Card game', quantity: 1, unit_price_cents: 0 }] }))
  })

  test('an EAN-13 product code that happens to pass the Luhn check is accepted as a sku, not elsewhere', ({ assert }) => {
    assert.isTrue(looksLikeCardNumber('3017620422072'))
    assert.doesNotThrow(() => refuseCardData({ total_cents: 250, lines: [{ sku: '3017620422072', name: 'Pâte à tartiner', quantity: 1, unit_price_cents: 250 }] }))
    assert.throws(() => refuseCardData({ total_cents: 250, reference: '3017620422072' }), /card data/i)
  })

  test('absurdly nested bodies are refused without exhausting the stack', ({ assert }) => {
    let deep: unknown = 1
    for (let i = 0; i < 10_000; i++) deep = [deep]
    assert.throws(() => refuseCardData(deep), /nested/)
  })
})

test.group('POS: idempotency keys', () => {
  test('the request hash ignores key order but not values, method or path', ({ assert }) => {
    const a = requestHash('POST', '/api/v1/purchases', { total_cents: 1, lines: [{ a: 1, b: 2 }] })
    assert.equal(a, requestHash('post', '/api/v1/purchases', { lines: [{ b: 2, a: 1 }], total_cents: 1 }))
    assert.notEqual(a, requestHash('POST', '/api/v1/purchases', { total_cents: 2, lines: [{ a: 1, b: 2 }] }))
    assert.notEqual(a, requestHash('POST', '/api/v1/refunds', { total_cents: 1, lines: [{ a: 1, b: 2 }] }))
    assert.equal(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true }), '{"a":true,"b":[1,{"c":"x","d":null}]}')
  })

  test('keys are 1 to 255 printable ASCII characters', ({ assert }) => {
    assert.equal(validIdempotencyKey('8e2b7c1a-0f3d-4b8e-9a55-1d2c3b4a5f60'), '8e2b7c1a-0f3d-4b8e-9a55-1d2c3b4a5f60')
    for (const bad of [undefined, '', ' ', 'a b', 'x'.repeat(256), 'clé', 'a\nb']) assert.isNull(validIdempotencyKey(bad))
  })
})
