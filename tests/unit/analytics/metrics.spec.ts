import { test } from '@japa/runner'
import { DAILY_FIGURES, departureChange, purchaseChange, purchaseHour, redemptionChange, refundChange, voucherIssueChange, type Figures } from '#analytics/daily_figures'
import { periodFigures } from '#analytics/dashboard_figures'
import { cohortRows, frequencyOfMonths, monthsFrom } from '#analytics/cohort_figures'
import { heatGrid } from '#analytics/visit_hours'

const zero = () => Object.fromEntries(DAILY_FIGURES.map((figure) => [figure, 0])) as Figures

test.group('Analytics metrics: a period’s ratios', () => {
  test('an empty period has figures at zero and no ratio at all (nothing to divide by)', ({ assert }) => {
    const figures = periodFigures(zero())
    assert.equal(figures.revenue_cents, 0)
    assert.isNull(figures.averageBasketCents)
    assert.isNull(figures.memberBasketCents)
    assert.isNull(figures.otherBasketCents)
    assert.isNull(figures.memberShareBp)
    assert.isNull(figures.redemptionRateBp)
  })

  test('a single member’s single purchase: every basket is theirs, members make all the revenue', ({ assert }) => {
    const figures = periodFigures({ ...zero(), purchases: 1, revenue_cents: 1250, member_purchases: 1, member_revenue_cents: 1250 })
    assert.equal(figures.averageBasketCents, 1250)
    assert.equal(figures.memberBasketCents, 1250)
    assert.isNull(figures.otherBasketCents)
    assert.equal(figures.memberShareBp, 10_000)
  })

  test('members and others, by hand: 3 sales for 60 €, 2 of them members’ for 40 €; 4 vouchers issued, 1 used', ({ assert }) => {
    const figures = periodFigures({ ...zero(), purchases: 3, revenue_cents: 6000, member_purchases: 2, member_revenue_cents: 4000, rewards_issued: 4, rewards_redeemed: 1, reward_cost_cents: 500 })
    assert.equal(figures.averageBasketCents, 2000)
    assert.equal(figures.memberBasketCents, 2000)
    assert.equal(figures.otherBasketCents, 2000)
    assert.equal(figures.memberShareBp, 6667)
    assert.equal(figures.redemptionRateBp, 2500)
    assert.equal(figures.reward_cost_cents, 500)
  })

  test('refunds are counted on their own: the baskets are those of the sales as rung up', ({ assert }) => {
    const figures = periodFigures({ ...zero(), purchases: 2, revenue_cents: 3001, refunds: 1, refunded_cents: 1000 })
    assert.equal(figures.averageBasketCents, 1501)
    assert.equal(figures.refunded_cents, 1000)
  })
})

test.group('Analytics metrics: what one record adds to its store’s day', () => {
  const late = '2026-03-28 23:30:00' // UTC: already the 29th in Paris (UTC+1), the 29th in Nouméa (UTC+11)

  test('a sale counts on its store’s local day, as a member’s whatever the database’s boolean spelling', ({ assert }) => {
    for (const byMember of [true, 1, '1']) {
      assert.deepEqual(purchaseChange({ store_id: 3, total_cents: '1999', by_member: byMember, occurred_at: late, timezone: 'Europe/Paris' }), {
        storeId: 3,
        day: '2026-03-29',
        figures: { purchases: 1, revenue_cents: 1999, member_purchases: 1, member_revenue_cents: 1999 },
      })
    }
    for (const byMember of [false, 0, '0']) {
      assert.deepEqual(purchaseChange({ store_id: 3, total_cents: 500, by_member: byMember, occurred_at: late, timezone: 'America/Martinique' }).figures, {
        purchases: 1,
        revenue_cents: 500,
        member_purchases: 0,
        member_revenue_cents: 0,
      })
      assert.equal(purchaseChange({ store_id: 3, total_cents: 500, by_member: byMember, occurred_at: late, timezone: 'America/Martinique' }).day, '2026-03-28')
    }
  })

  test('the hour and ISO weekday of a sale, across the spring change of time', ({ assert }) => {
    // 29 March 2026 is a Sunday; at 01:30 UTC Paris has just gone to summer time (UTC+2).
    assert.deepEqual(purchaseHour({ store_id: 1, occurred_at: '2026-03-29 01:30:00', timezone: 'Europe/Paris' }), { storeId: 1, day: '2026-03-29', weekday: 7, hour: 3 })
    assert.deepEqual(purchaseHour({ store_id: 1, occurred_at: new Date('2026-03-29T20:00:00Z'), timezone: 'Pacific/Noumea' }), { storeId: 1, day: '2026-03-30', weekday: 1, hour: 7 })
  })

  test('a refund, an erased member, a voucher: one figure each, on their own day', ({ assert }) => {
    assert.deepEqual(refundChange({ store_id: 2, amount_cents: 700, occurred_at: late, timezone: 'Europe/Paris' }), { storeId: 2, day: '2026-03-29', figures: { refunds: 1, refunded_cents: 700 } })
    assert.deepEqual(departureChange({ store_id: 2, left_at: late, timezone: 'Europe/Paris' }), { storeId: 2, day: '2026-03-29', figures: { members_left: 1 } })
    assert.deepEqual(voucherIssueChange({ store_id: 2, issued_at: late, timezone: 'America/Martinique' }), { storeId: 2, day: '2026-03-28', figures: { rewards_issued: 1 } })
  })

  test('a redemption uses a reward only when it is a voucher’s or a reward’s; its reversal takes back both on the refund’s day', ({ assert }) => {
    const voucher = { store_id: 4, kind: 'voucher', discount_cents: 500, created_at: '2026-03-01 10:00:00', timezone: 'Europe/Paris' }
    assert.deepEqual(redemptionChange(voucher), { storeId: 4, day: '2026-03-01', figures: { rewards_redeemed: 1, reward_cost_cents: 500 } })
    assert.deepEqual(redemptionChange(voucher, -1, late), { storeId: 4, day: '2026-03-29', figures: { rewards_redeemed: -1, reward_cost_cents: -500 } })
    assert.deepEqual(redemptionChange({ ...voucher, kind: 'points', discount_cents: '150' }).figures, { rewards_redeemed: 0, reward_cost_cents: 150 })
    // A product voucher has no discount in cents: it is used, it costs nothing the till knows of.
    assert.deepEqual(redemptionChange({ ...voucher, kind: 'reward', discount_cents: null }).figures, { rewards_redeemed: 1, reward_cost_cents: 0 })
  })
})

test.group('Analytics metrics: cohorts, frequency, hours', () => {
  test('months from one to another, across a year', ({ assert }) => {
    assert.deepEqual(monthsFrom('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02'])
    assert.deepEqual(monthsFrom('2026-02', '2026-02'), ['2026-02'])
    assert.deepEqual(monthsFrom('2026-03', '2026-02'), [])
  })

  test('retention by cohort, by hand: two stores’ cells add up, a month without buyers is 0 %, a cohort without members is left out', ({ assert }) => {
    const rows = cohortRows(
      '2026-01',
      '2026-03',
      [
        { cohortMonth: '2026-01', activeMonth: '2026-01', members: 3 },
        { cohortMonth: '2026-01', activeMonth: '2026-01', members: 1 }, // the other store
        { cohortMonth: '2026-01', activeMonth: '2026-03', members: 1 },
        { cohortMonth: '2026-03', activeMonth: '2026-03', members: 2 },
      ],
      [
        { cohortMonth: '2026-01', members: 3 },
        { cohortMonth: '2026-01', members: 1 },
        { cohortMonth: '2026-02', members: 0 }, // everyone who joined in February was erased
        { cohortMonth: '2026-03', members: 3 },
      ]
    )
    assert.deepEqual(rows, [
      {
        month: '2026-01',
        size: 4,
        cells: [
          { month: '2026-01', members: 4, retentionBp: 10_000 },
          { month: '2026-02', members: 0, retentionBp: 0 },
          { month: '2026-03', members: 1, retentionBp: 2500 },
        ],
      },
      { month: '2026-03', size: 3, cells: [{ month: '2026-03', members: 2, retentionBp: 6667 }] },
    ])
    assert.deepEqual(cohortRows('2026-01', '2026-03', [], []), [])
  })

  test('visits per active member: each month on its own, and the months together; a month nobody bought in has none', ({ assert }) => {
    const frequency = frequencyOfMonths(['2026-01', '2026-02', '2026-03'], new Map([['2026-01', 4], ['2026-03', 1]]), new Map([['2026-01', 10], ['2026-03', 5]]))
    assert.deepEqual(frequency.rows, [
      { month: '2026-01', activeMembers: 4, visits: 10, perMember: 2.5 },
      { month: '2026-02', activeMembers: 0, visits: 0, perMember: null },
      { month: '2026-03', activeMembers: 1, visits: 5, perMember: 5 },
    ])
    assert.equal(frequency.perMember, 3)
    assert.isNull(frequencyOfMonths(['2026-01'], new Map(), new Map()).perMember)
  })

  test('the hour × weekday grid: 7 rows of 24, stores added up, everything else at zero', ({ assert }) => {
    const grid = heatGrid([
      { weekday: 1, hour: 9, purchases: '3' },
      { weekday: 1, hour: 9, purchases: 2 },
      { weekday: 7, hour: 23, purchases: 1 },
    ])
    assert.lengthOf(grid, 7)
    assert.isTrue(grid.every((day) => day.length === 24))
    assert.equal(grid[0][9], 5)
    assert.equal(grid[6][23], 1)
    assert.equal(grid.flat().reduce((sum, visits) => sum + visits, 0), 6)
  })
})
