import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { happyHourOf } from '#animations/triggers/purchase/points_offers'
import { birthdayIn, boosterBirthdayAround } from '#animations/triggers/birthday_window'

const PARIS = 'Europe/Paris'
const slot = { weekdays: [7], starts_at: '02:00', ends_at: '04:00' }

test.group('Animations: happy hour and birthday windows, store time', () => {
  test('a happy hour follows the wall clock across the 2026 DST changes in Paris', ({ assert }) => {
    // 29 March 2026: 02:00 becomes 03:00 (the slot is one hour long that Sunday); 25 October: 03:00 becomes 02:00.
    assert.equal(happyHourOf(new Date('2026-03-29T00:30:00Z'), PARIS, slot), null) // 01:30 CET
    assert.equal(happyHourOf(new Date('2026-03-29T01:30:00Z'), PARIS, slot), '2026-03-29') // 03:30 CEST
    assert.equal(happyHourOf(new Date('2026-03-29T02:00:00Z'), PARIS, slot), null) // 04:00 CEST
    assert.equal(happyHourOf(new Date('2026-10-25T00:30:00Z'), PARIS, slot), '2026-10-25') // 02:30 CEST
    assert.equal(happyHourOf(new Date('2026-10-25T01:30:00Z'), PARIS, slot), '2026-10-25') // 02:30 CET, the hour again
    assert.equal(happyHourOf(new Date('2026-10-25T02:59:00Z'), PARIS, slot), '2026-10-25') // 03:59 CET
    assert.equal(happyHourOf(new Date('2026-10-25T03:00:00Z'), PARIS, slot), null) // 04:00 CET
    // The same instant is another day and hour in another store's zone.
    const tuesday = { weekdays: [2], starts_at: '15:00', ends_at: '17:00' }
    assert.equal(happyHourOf(new Date('2026-06-02T13:30:00Z'), PARIS, tuesday), '2026-06-02')
    assert.equal(happyHourOf(new Date('2026-06-02T13:30:00Z'), 'America/Martinique', tuesday), null)
  })

  test('29 February is celebrated on 28 February in common years; a window may straddle New Year', ({ assert }) => {
    assert.equal(birthdayIn(2026, 2, 29, PARIS).toISODate(), '2026-02-28')
    assert.equal(birthdayIn(2028, 2, 29, PARIS).toISODate(), '2028-02-29')
    const day = (iso: string) => DateTime.fromISO(iso, { zone: PARIS })
    assert.equal(boosterBirthdayAround(day('2026-02-26'), 2, 29, 2, 0)?.toISODate(), '2026-02-28')
    assert.isNull(boosterBirthdayAround(day('2026-02-25'), 2, 29, 2, 0))
    assert.isNull(boosterBirthdayAround(day('2026-03-01'), 2, 29, 2, 0))
    assert.equal(boosterBirthdayAround(day('2027-01-02'), 12, 30, 3, 3)?.toISODate(), '2026-12-30')
    assert.equal(boosterBirthdayAround(day('2026-12-29'), 1, 1, 3, 3)?.toISODate(), '2027-01-01')
    assert.isNull(boosterBirthdayAround(day('2027-01-03'), 12, 30, 3, 3))
  })
})
