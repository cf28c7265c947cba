import db from '@adonisjs/lucid/services/db'
import { enqueueDeliveries } from '#messaging/delivery_jobs'
import { dbInstant, instantFromDb } from '#shared/db_time'

/** A hand-off to SMTP or an SMS provider takes seconds; one `sending` this long was cut short. */
const STALE_SENDING_MS = 10 * 60_000
/** A due delivery's job normally runs within seconds; one still waiting after this lost its job (Redis restarted). */
const OVERDUE_MS = 2 * 60_000
const BATCH = 1000

export interface SweepReport {
  requeued: number
  interrupted: number
}

/**
 * The safety net of sending, run by every tick: deliveries due for a while
 * whose job was lost are enqueued again (same job ids: no duplicates), and
 * deliveries left `sending` by a worker that died are marked `interrupted`
 * — not sent again, since the transport may have taken them.
 */
export async function sweepDeliveries(now = new Date()): Promise<SweepReport> {
  const dialect = db.connection().dialect.name
  const interrupted = await db
    .from('deliveries')
    .where('status', 'sending')
    .where('updated_at', '<', dbInstant(new Date(now.getTime() - STALE_SENDING_MS), dialect))
    .update({ status: 'interrupted', reason: 'worker_stopped', updated_at: dbInstant(now, dialect) })
  let requeued = 0
  let after = 0
  for (;;) {
    const rows = await db
      .from('deliveries')
      .whereIn('status', ['queued', 'held'])
      .where('due_at', '<', dbInstant(new Date(now.getTime() - OVERDUE_MS), dialect))
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'due_at')
    if (rows.length === 0) break
    // Redis still away: stop here, the next tick tries again.
    if (!(await enqueueDeliveries(rows.map((row) => ({ id: Number(row.id), dueAt: instantFromDb(row.due_at) }))))) break
    requeued += rows.length
    after = Number(rows[rows.length - 1].id)
  }
  return { requeued, interrupted: Number(interrupted) }
}
