import { test } from '@japa/runner'
import { maskLogValue, maskPersonalData } from '#shared/redact'

test.group('Log redaction', () => {
  test('e-mail addresses and phone numbers in any French format are masked', ({ assert }) => {
    const masked = maskPersonalData('enrolled marie.dupont+promo@example.fr with 06 12 34 56 78, +33 6 12 34 56 78 and 0033612345678')
    assert.equal(masked, 'enrolled [email] with [phone], [phone] and [phone]')
  })

  test('ids, amounts and dates stay readable', ({ assert }) => {
    const line = 'purchase 01ARZ3NDEKTSV4RRFFQ69G5FAV total 1250 cents on 2026-11-23 at 10:15'
    assert.equal(maskPersonalData(line), line)
  })

  test('nested log objects and errors are masked too', ({ assert }) => {
    const value = maskLogValue({ customer: { contact: 'léa@exemple.fr' }, err: new Error('duplicate phone +33612345678') }) as any
    assert.equal(value.customer.contact, '[email]')
    assert.equal(value.err.message, 'duplicate phone [phone]')
  })
})
