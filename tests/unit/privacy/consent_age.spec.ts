import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { ageOn, CONSENT_AGE } from '#privacy/join/join_form'

test.group('Consent age (R30: 15 in France)', () => {
  test('14 years and 11 months is under 15; 15 on the birthday itself; 29 February counts from 1 March in common years', ({ assert }) => {
    const today = DateTime.fromISO('2026-12-03', { zone: 'Europe/Paris' })
    assert.equal(CONSENT_AGE, 15)
    assert.equal(ageOn(today, { year: 2011, month: 12, day: 4 }), 14)
    assert.equal(ageOn(today, { year: 2012, month: 1, day: 3 }), 14)
    assert.equal(ageOn(today, { year: 2011, month: 12, day: 3 }), 15)
    assert.equal(ageOn(today, { year: 2011, month: 11, day: 30 }), 15)
    assert.equal(ageOn(DateTime.fromISO('2027-02-28'), { year: 2012, month: 2, day: 29 }), 14)
    assert.equal(ageOn(DateTime.fromISO('2027-03-01'), { year: 2012, month: 2, day: 29 }), 15)
  })
})
