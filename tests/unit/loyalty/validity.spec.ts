import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { availableFrom, lastValidDay, localDate, lotExpiry, voucherExpiry } from '#loyalty/validity'

const PARIS = 'Europe/Paris'
const at = (iso: string) => new Date(iso)
/** The wall-clock time of an instant in a zone, to see that an end falls on local midnight. */
const wallClock = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")

test.group('Validity: lots by calendar months in the store zone (invariant 5)', () => {
  test('a lot earned on 29 February 2028 with 12 months is valid through 28 February 2029', ({ assert }) => {
    for (const earned of ['2028-02-29T11:00:00Z', '2028-02-28T23:00:00Z', '2028-02-29T22:59:59Z']) {
      const expiresAt = lotExpiry(at(earned), 12, PARIS)!
      assert.equal(expiresAt.toISOString(), '2029-02-28T23:00:00.000Z', earned)
      assert.equal(lastValidDay(expiresAt, PARIS), '2029-02-28', earned)
      assert.equal(wallClock(expiresAt, PARIS), '2029-03-01T00:00', earned)
    }
  })

  test('the local date decides, not the UTC one: 00:30 on 1 March in Paris is still 29 February in UTC', ({ assert }) => {
    const earned = at('2028-02-29T23:30:00Z')
    assert.equal(localDate(earned, PARIS), '2028-03-01')
    assert.equal(lastValidDay(lotExpiry(earned, 12, PARIS)!, PARIS), '2029-03-01')
    assert.equal(lastValidDay(lotExpiry(earned, 12, 'UTC')!, 'UTC'), '2029-02-28')
  })

  test('31 January + 1 month is valid through the last day of February, 28 or 29', ({ assert }) => {
    assert.equal(lastValidDay(lotExpiry(at('2027-01-31T10:00:00Z'), 1, PARIS)!, PARIS), '2027-02-28')
    assert.equal(lastValidDay(lotExpiry(at('2028-01-31T10:00:00Z'), 1, PARIS)!, PARIS), '2028-02-29')
    assert.equal(lastValidDay(lotExpiry(at('2027-03-31T10:00:00Z'), 1, PARIS)!, PARIS), '2027-04-30')
    assert.equal(lotExpiry(at('2027-01-31T10:00:00Z'), 1, PARIS)!.toISOString(), '2027-02-28T23:00:00.000Z')
  })

  test('a lot whose end falls after the clocks go forward still ends at local midnight', ({ assert }) => {
    // Earned in winter time (+01:00), ends in summer time (+02:00).
    const expiresAt = lotExpiry(at('2027-02-27T12:00:00Z'), 1, PARIS)!
    assert.equal(expiresAt.toISOString(), '2027-03-27T23:00:00.000Z')
    const summer = lotExpiry(at('2027-02-28T12:00:00Z'), 1, PARIS)!
    assert.equal(summer.toISOString(), '2027-03-28T22:00:00.000Z')
    assert.equal(wallClock(summer, PARIS), '2027-03-29T00:00')
  })

  test('the local date turns at local midnight, on either side of a clock change', ({ assert }) => {
    assert.equal(localDate(at('2027-03-27T22:59:59Z'), PARIS), '2027-03-27')
    assert.equal(localDate(at('2027-03-27T23:00:00Z'), PARIS), '2027-03-28')
    assert.equal(localDate(at('2027-03-28T21:59:59Z'), PARIS), '2027-03-28')
    assert.equal(localDate(at('2027-03-28T22:00:00Z'), PARIS), '2027-03-29')
    assert.equal(localDate(at('2027-10-30T21:59:59Z'), PARIS), '2027-10-30')
    assert.equal(localDate(at('2027-10-30T22:00:00Z'), PARIS), '2027-10-31')
    assert.equal(localDate(at('2027-10-31T22:59:59Z'), PARIS), '2027-10-31')
    assert.equal(localDate(at('2027-10-31T23:00:00Z'), PARIS), '2027-11-01')
  })

  test('no validity: the lot never expires', ({ assert }) => {
    assert.isNull(lotExpiry(at('2027-05-01T10:00:00Z'), null, PARIS))
  })

  test('in New York and Auckland the lot ends at their local midnight', ({ assert }) => {
    // 14 February 2027 at noon in New York (EST); the end day, 14 March, is the day New York changes to EDT.
    const newYork = lotExpiry(at('2027-02-14T17:00:00Z'), 1, 'America/New_York')!
    assert.equal(newYork.toISOString(), '2027-03-15T04:00:00.000Z')
    assert.equal(lastValidDay(newYork, 'America/New_York'), '2027-03-14')
    // 01:00 on 1 July in Auckland is still 30 June in UTC (and in Paris).
    const earned = at('2027-06-30T13:00:00Z')
    const auckland = lotExpiry(earned, 1, 'Pacific/Auckland')!
    assert.equal(auckland.toISOString(), '2027-08-01T12:00:00.000Z')
    assert.equal(lastValidDay(auckland, 'Pacific/Auckland'), '2027-08-01')
    assert.equal(lastValidDay(lotExpiry(earned, 1, PARIS)!, PARIS), '2027-07-30')
  })

  test('memoised dates are copies: changing one returned date changes no later answer', ({ assert }) => {
    const first = lotExpiry(at('2027-05-10T10:00:00Z'), 6, PARIS)!
    first.setTime(0)
    assert.equal(lotExpiry(at('2027-05-10T08:00:00Z'), 6, PARIS)!.toISOString(), '2027-11-10T23:00:00.000Z')
    const voucher = voucherExpiry(at('2027-05-10T10:00:00Z'), 30, PARIS)
    voucher.setTime(0)
    assert.equal(voucherExpiry(at('2027-05-10T10:00:00Z'), 30, PARIS).toISOString(), '2027-06-09T22:00:00.000Z')
  })
})

test.group('Validity: vouchers by days, across DST changes', () => {
  test('60 days issued at 23:30 on the night clocks go forward (last Sunday of March) end at local midnight', ({ assert }) => {
    // Saturday 27 March 2027, 23:30 CET (+01:00): the clocks change at 02:00 that night.
    const saturday = voucherExpiry(at('2027-03-27T22:30:00Z'), 60, PARIS)
    assert.equal(saturday.toISOString(), '2027-05-26T22:00:00.000Z')
    assert.equal(wallClock(saturday, PARIS), '2027-05-27T00:00')
    assert.equal(lastValidDay(saturday, PARIS), '2027-05-26')
    // Sunday 28 March 2027, 23:30 CEST (+02:00): already 28 March locally, 21:30 UTC.
    const sunday = voucherExpiry(at('2027-03-28T21:30:00Z'), 60, PARIS)
    assert.equal(sunday.toISOString(), '2027-05-27T22:00:00.000Z')
    assert.equal(lastValidDay(sunday, PARIS), '2027-05-27')
  })

  test('60 days issued at 23:30 on the night clocks go back (last Sunday of October) end at local midnight', ({ assert }) => {
    // Saturday 30 October 2027, 23:30 CEST (+02:00); the end is in winter time.
    const saturday = voucherExpiry(at('2027-10-30T21:30:00Z'), 60, PARIS)
    assert.equal(saturday.toISOString(), '2027-12-29T23:00:00.000Z')
    assert.equal(wallClock(saturday, PARIS), '2027-12-30T00:00')
    assert.equal(lastValidDay(saturday, PARIS), '2027-12-29')
    // Sunday 31 October 2027, 23:30 CET (+01:00).
    const sunday = voucherExpiry(at('2027-10-31T22:30:00Z'), 60, PARIS)
    assert.equal(sunday.toISOString(), '2027-12-30T23:00:00.000Z')
    assert.equal(lastValidDay(sunday, PARIS), '2027-12-30')
  })

  test('a one-day voucher over the 23-hour and the 25-hour days still ends at local midnight', ({ assert }) => {
    const spring = voucherExpiry(at('2027-03-27T22:30:00Z'), 1, PARIS)
    assert.equal(wallClock(spring, PARIS), '2027-03-29T00:00')
    // From the start of the issue day: 24 hours, then the 23-hour Sunday.
    assert.equal(spring.getTime() - at('2027-03-26T23:00:00Z').getTime(), 47 * 3_600_000)
    const autumn = voucherExpiry(at('2027-10-30T21:30:00Z'), 1, PARIS)
    assert.equal(wallClock(autumn, PARIS), '2027-11-01T00:00')
    // 24 hours, then the 25-hour Sunday.
    assert.equal(autumn.getTime() - at('2027-10-29T22:00:00Z').getTime(), 49 * 3_600_000)
  })

  test('in New York and Auckland the voucher ends at their local midnight, not Paris’s', ({ assert }) => {
    // 22:00 on 14 January 2027 in New York is 04:00 on the 15th in Paris.
    const issued = at('2027-01-15T03:00:00Z')
    const newYork = voucherExpiry(issued, 10, 'America/New_York')
    assert.equal(newYork.toISOString(), '2027-01-25T05:00:00.000Z')
    assert.equal(lastValidDay(newYork, 'America/New_York'), '2027-01-24')
    assert.equal(voucherExpiry(issued, 10, PARIS).toISOString(), '2027-01-25T23:00:00.000Z')
    // Auckland goes to summer time (+13:00) on Sunday 26 September 2027.
    const auckland = voucherExpiry(at('2027-09-19T22:00:00Z'), 10, 'Pacific/Auckland')
    assert.equal(auckland.toISOString(), '2027-09-30T11:00:00.000Z')
    assert.equal(wallClock(auckland, 'Pacific/Auckland'), '2027-10-01T00:00')
  })
})

test.group('Validity: pending points', () => {
  test('pending days across a DST change keep the local time of the sale', ({ assert }) => {
    // 10:00 CET on 27 March → 10:00 CEST on 3 April: 7 days less an hour.
    const spring = availableFrom(at('2027-03-27T09:00:00Z'), 7, PARIS)!
    assert.equal(spring.toISOString(), '2027-04-03T08:00:00.000Z')
    assert.equal(wallClock(spring, PARIS), '2027-04-03T10:00')
    // 10:00 CEST on 30 October → 10:00 CET on 1 November: 2 days and an hour.
    const autumn = availableFrom(at('2027-10-30T08:00:00Z'), 2, PARIS)!
    assert.equal(autumn.toISOString(), '2027-11-01T09:00:00.000Z')
    const auckland = availableFrom(at('2027-09-24T22:00:00Z'), 3, 'Pacific/Auckland')!
    assert.equal(wallClock(auckland, 'Pacific/Auckland'), '2027-09-28T10:00')
    assert.equal(auckland.toISOString(), '2027-09-27T21:00:00.000Z')
  })

  test('no pending period: spendable at once', ({ assert }) => {
    assert.isNull(availableFrom(at('2027-03-27T09:00:00Z'), 0, PARIS))
  })
})
