import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { quietHours, type HourlyRow } from '#analytics/suggestions/quiet_hours_rule'
import { isUnredeemed, leastRedeemed, type RewardUse } from '#analytics/suggestions/unredeemed_rewards'

const TODAY = '2026-06-01'
const MONDAY = 1
const TUESDAY = 2
const WEDNESDAY = 3
const THURSDAY = 4
const SUNDAY = 7

/** The hourly rows of the `days` days before TODAY, from what each slot sold (weekIndex: 0 = the oldest week). */
function history(days: number, visits: (weekday: number, hour: number, weekIndex: number) => number): HourlyRow[] {
  const rows: HourlyRow[] = []
  for (let back = days; back >= 1; back--) {
    const day = DateTime.fromISO(TODAY, { zone: 'utc' }).minus({ days: back })
    for (let hour = 0; hour < 24; hour++) {
      const purchases = visits(day.weekday, hour, Math.floor((days - back) / 7))
      if (purchases > 0) rows.push({ day: day.toISODate()!, weekday: day.weekday, hour, purchases })
    }
  }
  return rows
}

/** Open 9:00–18:00 every day, 10 visits an hour. */
const steady = (_weekday: number, hour: number) => (hour >= 9 && hour < 18 ? 10 : 0)
const TWELVE_WEEKS = 84

function slotsOf(rows: HourlyRow[]) {
  const found = quietHours(rows, TODAY)
  if (!found.enoughHistory) throw new Error('expected enough history')
  return found.slots.map((slot) => ({ weekday: slot.weekday, hour: slot.hour }))
}

test.group('Analytics suggestions: quiet hours', () => {
  test('no data, or only data older than 90 days, is not enough history', ({ assert }) => {
    assert.deepEqual(quietHours([], TODAY), { enoughHistory: false })
    const old = history(120, steady).filter((row) => row.day < '2026-03-01')
    assert.isAbove(old.length, 0)
    assert.deepEqual(quietHours(old, TODAY), { enoughHistory: false })
  })

  test('under 4 weeks between the first visit and yesterday is not enough; 4 weeks is', ({ assert }) => {
    const quiet = (weekday: number, hour: number) => (weekday === TUESDAY && hour === 15 ? 2 : steady(weekday, hour))
    assert.deepEqual(quietHours(history(27, quiet), TODAY), { enoughHistory: false })
    assert.deepEqual(slotsOf(history(28, quiet)), [{ weekday: TUESDAY, hour: 15 }])
  })

  test('a clear quiet slot: its visits per week against the average of that weekday’s trading hours', ({ assert }) => {
    const rows = history(TWELVE_WEEKS, (weekday, hour) => (weekday === TUESDAY && hour === 15 ? 2 : steady(weekday, hour)))
    const found = quietHours(rows, TODAY)
    assert.isTrue(found.enoughHistory)
    if (!found.enoughHistory) return
    assert.lengthOf(found.slots, 1)
    assert.include(found.slots[0], { weekday: TUESDAY, hour: 15, average: 2 })
    // Nine trading hours on Tuesdays: eight at 10, one at 2.
    assert.closeTo(found.slots[0].weekdayAverage, 82 / 9, 1e-9)
  })

  test('a steady shop has no quiet hour; closed hours and days are never suggested', ({ assert }) => {
    assert.deepEqual(slotsOf(history(TWELVE_WEEKS, steady)), [])
    const closedSome = history(TWELVE_WEEKS, (weekday, hour, week) => {
      if (weekday === SUNDAY) return 0
      if (weekday === MONDAY && hour === 12) return 0
      // A late sale on 3 Tuesdays of 12: not a trading hour, however quiet.
      if (weekday === TUESDAY && hour === 19) return week < 3 ? 1 : 0
      return steady(weekday, hour)
    })
    assert.deepEqual(slotsOf(closedSome), [])
  })

  test('a slot trades when it had visits in more than half of the weeks', ({ assert }) => {
    const earlyThursdays = (weeks: number) => (weekday: number, hour: number, week: number) => (weekday === THURSDAY && hour === 8 ? (week < weeks ? 1 : 0) : steady(weekday, hour))
    assert.deepEqual(slotsOf(history(TWELVE_WEEKS, earlyThursdays(6))), [])
    assert.deepEqual(slotsOf(history(TWELVE_WEEKS, earlyThursdays(7))), [{ weekday: THURSDAY, hour: 8 }])
  })

  test('quiet is under half the weekday’s average: exactly half is not', ({ assert }) => {
    // Wednesdays open 9:00–12:00 only: 10, 10 and x visits; the average is (20 + x) / 3.
    const wednesday = (x: number) => (weekday: number, hour: number) => (weekday === WEDNESDAY ? ([10, 10, x][hour - 9] ?? 0) : steady(weekday, hour))
    assert.deepEqual(slotsOf(history(TWELVE_WEEKS, wednesday(4))), [])
    assert.deepEqual(slotsOf(history(TWELVE_WEEKS, wednesday(3))), [{ weekday: WEDNESDAY, hour: 11 }])
  })

  test('the 3 quietest first; ties go to the earlier weekday, then the earlier hour', ({ assert }) => {
    const rows = history(TWELVE_WEEKS, (weekday, hour) => {
      if (weekday === THURSDAY && hour === 9) return 1
      if ([MONDAY, TUESDAY].includes(weekday) && [9, 17].includes(hour)) return 2
      return steady(weekday, hour)
    })
    // Thursday 9:00 is the quietest; Monday and Tuesday at 9:00 and 17:00 tie (Tuesday's two are left out).
    assert.deepEqual(slotsOf(rows), [
      { weekday: THURSDAY, hour: 9 },
      { weekday: MONDAY, hour: 9 },
      { weekday: MONDAY, hour: 17 },
    ])
  })

  test('a store that opened within the 90 days is judged from its first visit; today and older days are left out', ({ assert }) => {
    // Five weeks of history: each weekday 5 times; a Tuesday hour sold in 3 of them trades.
    const rows = history(35, (weekday, hour, week) => (weekday === TUESDAY && hour === 8 ? (week < 3 ? 1 : 0) : steady(weekday, hour)))
    assert.deepEqual(slotsOf(rows), [{ weekday: TUESDAY, hour: 8 }])
    // Counted, either rush would make every other Monday hour look quiet.
    const rush = (day: string) => ({ day, weekday: MONDAY, hour: 10, purchases: 2000 })
    assert.deepEqual(slotsOf([...history(TWELVE_WEEKS, steady), rush(TODAY)]), [])
    assert.deepEqual(slotsOf([...history(TWELVE_WEEKS, steady), rush('2026-03-02')]), [])
    assert.deepEqual(quietHours([...history(27, steady), rush('2026-03-02')], TODAY), { enoughHistory: false })
  })
})

test.group('Analytics suggestions: rewards nobody redeems', () => {
  test('at least 10 vouchers and under 5 % of them redeemed', ({ assert }) => {
    assert.isTrue(isUnredeemed({ issued: 10, redeemed: 0 }))
    assert.isFalse(isUnredeemed({ issued: 9, redeemed: 0 }))
    assert.isFalse(isUnredeemed({ issued: 20, redeemed: 1 }))
    assert.isTrue(isUnredeemed({ issued: 21, redeemed: 1 }))
  })

  test('the least redeemed first, then the most issued, at most 3', ({ assert }) => {
    const use = (name: string, issued: number, redeemed: number): RewardUse => ({ rewardPublicId: name, programPublicId: 'P', name, issued, redeemed })
    const found = leastRedeemed([use('Croissant', 40, 1), use('Tote bag', 12, 0), use('Mug', 30, 0), use('Café', 50, 10), use('Pin', 100, 4)])
    assert.deepEqual(
      found.map((reward) => reward.name),
      ['Mug', 'Tote bag', 'Croissant']
    )
  })
})
