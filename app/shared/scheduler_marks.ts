import db from '@adonisjs/lucid/services/db'
import { dbInstant, instantFromDb } from '#shared/db_time'

/**
 * How far a scheduled pass has got (`scheduler_marks`): a pass works from
 * its mark to now, then moves the mark, so downtime is caught up and a
 * double run does nothing twice. Only the one scheduler writes marks.
 */
export async function doneUntil(name: string): Promise<Date | null> {
  const row = await db.from('scheduler_marks').where('name', name).first()
  return row ? instantFromDb(row.done_until) : null
}

export async function markDone(name: string, until: Date) {
  const dialect = db.connection().dialect.name
  const at = dbInstant(until, dialect)
  const now = dbInstant(new Date(), dialect)
  await db.rawQuery('INSERT INTO scheduler_marks (name, done_until, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET done_until = excluded.done_until, updated_at = excluded.updated_at', [name, at, now])
}

/**
 * A lease on a task for `ms` (one holder at a time across processes): the
 * mark's instant is when the lease ends. Taken by a conditional write, so
 * of two processes asking at once one gets it. A holder that dies frees it
 * when it ends.
 */
export async function takeLease(name: string, ms: number): Promise<boolean> {
  const dialect = db.connection().dialect.name
  const now = new Date()
  const [until, nowDb] = [dbInstant(new Date(now.getTime() + ms), dialect), dbInstant(now, dialect)]
  await db.rawQuery('INSERT INTO scheduler_marks (name, done_until, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [name, nowDb, nowDb])
  const taken = await db.from('scheduler_marks').where('name', name).where('done_until', '<=', nowDb).update({ done_until: until, updated_at: nowDb })
  return Number(taken) === 1
}

export async function releaseLease(name: string) {
  const nowDb = dbInstant(new Date(), db.connection().dialect.name)
  await db.from('scheduler_marks').where('name', name).update({ done_until: nowDb, updated_at: nowDb })
}
