import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbInstant } from '#shared/db_time'
import { DEFAULT_RETENTION } from '#privacy/privacy_settings'
import { purgeContext } from '#privacy/retention/purge_context'
import { lastNightlySlot } from '#privacy/retention/nightly_purge'

const utc = (iso: string) => new Date(iso)

test.group('Retention purge: clocks', () => {
  test('the nightly slot is the last 03:30 business time, right on both DST change days in Paris', ({ assert }) => {
    // 28 March 2027: 02:00 CET becomes 03:00 CEST; 03:30 CEST is 01:30 UTC.
    assert.equal(lastNightlySlot(utc('2027-03-28T01:29:00Z'), 'Europe/Paris').toISOString(), '2027-03-27T02:30:00.000Z')
    assert.equal(lastNightlySlot(utc('2027-03-28T01:30:00Z'), 'Europe/Paris').toISOString(), '2027-03-28T01:30:00.000Z')
    // 31 October 2027: 03:00 CEST becomes 02:00 CET; 02:30 happens twice, 03:30 CET once (02:30 UTC).
    assert.equal(lastNightlySlot(utc('2027-10-31T02:00:00Z'), 'Europe/Paris').toISOString(), '2027-10-30T01:30:00.000Z')
    assert.equal(lastNightlySlot(utc('2027-10-31T02:30:00Z'), 'Europe/Paris').toISOString(), '2027-10-31T02:30:00.000Z')
    assert.equal(lastNightlySlot(utc('2027-11-01T01:00:00Z'), 'Europe/Paris').toISOString(), '2027-10-31T02:30:00.000Z')
    assert.equal(lastNightlySlot(utc('2026-05-01T03:29:59Z'), 'UTC').toISOString(), '2026-04-30T03:30:00.000Z')
  })

  test('cutoffs follow the settings in calendar months; the portal warns 30 days before it closes; audit rows younger than six months are never due', async ({ assert }) => {
    const dialect = db.connection().dialect.name
    const now = utc('2027-03-31T12:00:00Z')
    const context = await purgeContext(now, { ...DEFAULT_RETENTION, members_months: 36, prospects_months: 24 })
    assert.equal(context.at.members, dbInstant(utc('2024-03-31T12:00:00Z'), dialect))
    assert.equal(context.at.prospects, dbInstant(utc('2025-03-31T12:00:00Z'), dialect))
    // 31 March minus 24 months is 31 March; plus 30 days, 30 April.
    assert.equal(context.at.portalClosing, dbInstant(utc('2025-03-31T12:00:00Z'), dialect))
    assert.equal(context.at.portalWarning, dbInstant(utc('2025-04-30T12:00:00Z'), dialect))
    assert.equal(context.at.warnedBefore, dbInstant(utc('2027-03-01T12:00:00Z'), dialect))
    assert.equal(context.at.workingCopies, dbInstant(utc('2027-03-01T12:00:00Z'), dialect))

    // A purge "in the future" (a clock gone wrong) still asks nothing the database would refuse.
    const ahead = await purgeContext(DateTime.utc().plus({ years: 2 }).toJSDate(), DEFAULT_RETENTION)
    assert.isTrue(ahead.at.auditLogs < dbInstant(DateTime.utc().minus({ months: 6 }).toJSDate(), dialect))
  })
})
