import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { frenchPublicHolidays } from '#messaging/french_holidays'
import { DEFAULT_SETTINGS } from '#messaging/messaging_settings'
import { nextAllowedSlot } from '#messaging/send_window'

const slot = (at: string, channel: 'email' | 'sms', settings = DEFAULT_SETTINGS) => nextAllowedSlot(DateTime.fromISO(at), channel, settings, 'Europe/Paris').toISO()

test.group('Send window: quiet hours and the French SMS window', () => {
  test('the eleven French public holidays of 2026 and 2027, with Easter Monday, Ascension and Whit Monday', ({ assert }) => {
    assert.sameMembers([...frenchPublicHolidays(2026)], ['01-01', '04-06', '05-01', '05-08', '05-14', '05-25', '07-14', '08-15', '11-01', '11-11', '12-25'])
    assert.sameMembers([...frenchPublicHolidays(2027)], ['01-01', '03-29', '05-01', '05-06', '05-08', '05-17', '07-14', '08-15', '11-01', '11-11', '12-25'])
  })

  test('an e-mail outside quiet hours goes at once; inside, at their end (over midnight)', ({ assert }) => {
    assert.equal(slot('2026-06-10T12:00:00+02:00', 'email'), '2026-06-10T10:00:00.000Z')
    assert.equal(slot('2026-06-10T22:15:00+02:00', 'email'), '2026-06-11T06:00:00.000Z')
    assert.equal(slot('2026-06-11T03:00:00+02:00', 'email'), '2026-06-11T06:00:00.000Z')
    assert.equal(slot('2026-06-10T12:00:00+02:00', 'email', { ...DEFAULT_SETTINGS, quiet_hours: null }), '2026-06-10T10:00:00.000Z')
  })

  test('SMS: Monday to Saturday 8:00–20:00, never on a Sunday or a public holiday', ({ assert }) => {
    // Saturday 20:30 → Monday 08:00.
    assert.equal(slot('2026-06-13T20:30:00+02:00', 'sms'), '2026-06-15T06:00:00.000Z')
    // Sunday noon → Monday 08:00.
    assert.equal(slot('2026-06-14T12:00:00+02:00', 'sms'), '2026-06-15T06:00:00.000Z')
    // Thursday 14 May 2026 (Ascension) → Friday 15 May 08:00.
    assert.equal(slot('2026-05-14T10:00:00+02:00', 'sms'), '2026-05-15T06:00:00.000Z')
    // Christmas Eve 19:59 is allowed; 20:00 is not, and Christmas is a holiday: the 26th.
    assert.equal(slot('2026-12-24T19:59:00+01:00', 'sms'), '2026-12-24T18:59:00.000Z')
    assert.equal(slot('2026-12-24T20:00:00+01:00', 'sms'), '2026-12-26T07:00:00.000Z')
    // Early morning before 8:00.
    assert.equal(slot('2026-06-10T07:00:00+02:00', 'sms'), '2026-06-10T06:00:00.000Z')
  })

  test('across the DST changes the window stays in local time', ({ assert }) => {
    // Saturday 28 March 2026 21:00 CET → Monday 30 March 08:00 CEST (the clocks changed on Sunday).
    assert.equal(slot('2026-03-28T21:00:00+01:00', 'sms'), '2026-03-30T06:00:00.000Z')
    // Saturday 24 October 2026 21:00 CEST → Monday 26 October 08:00 CET.
    assert.equal(slot('2026-10-24T21:00:00+02:00', 'sms'), '2026-10-26T07:00:00.000Z')
  })

  test('a configured window: every day, whole days; holidays kept when asked', ({ assert }) => {
    const always = { ...DEFAULT_SETTINGS, quiet_hours: null, sms_window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00', skip_public_holidays: false } }
    assert.equal(slot('2026-12-25T23:30:00+01:00', 'sms', always), '2026-12-25T22:30:00.000Z')
    const weekdays = { ...always, sms_window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', skip_public_holidays: true } }
    assert.equal(slot('2026-07-13T18:00:00+02:00', 'sms', weekdays), '2026-07-15T07:00:00.000Z')
  })
})
