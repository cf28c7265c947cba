import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { IDEMPOTENCY_KEY_DAYS, pruneIdempotencyKeys } from '#pos/prune_idempotency_keys'
import { deleteExpiredExports } from '#privacy/export/export_files'
import { dbInstant } from '#shared/db_time'
import { PURGE_BATCH, type PurgeContext } from '#privacy/retention/purge_context'

/** Called after each batch with the running total of the step. */
export type Progress = (done: number) => void

/** One category of the purge: what it would do (a count), and doing it (how many rows or customers). */
export interface PurgeStep {
  key: string
  count: (context: PurgeContext) => Promise<number>
  apply: (context: PurgeContext, progress: Progress) => Promise<number>
}

export async function countOf(query: DatabaseQueryBuilderContract) {
  const row = await query.count('* as total').first()
  return Number(row?.total ?? 0)
}

/** Rows of a table past their retention, deleted 500 at a time with what depends on them. */
interface TableCleanup {
  key: string
  table: string
  /** The primary key (suppression_list is keyed by its hash). */
  idColumn?: string
  expired: (context: PurgeContext) => DatabaseQueryBuilderContract
  dependants?: (trx: TransactionClientContract, ids: unknown[]) => Promise<unknown>
}

function tableStep(cleanup: TableCleanup): PurgeStep {
  return { key: cleanup.key, count: (context) => countOf(cleanup.expired(context)), apply: (context, progress) => deleteInBatches(cleanup, context, progress) }
}

async function deleteInBatches(cleanup: TableCleanup, context: PurgeContext, progress: Progress) {
  const key = cleanup.idColumn ?? 'id'
  let deleted = 0
  for (;;) {
    const ids = (await cleanup.expired(context).orderBy(key).limit(PURGE_BATCH).select(key)).map((row) => row[key])
    if (ids.length === 0) return deleted
    const removed = await db.transaction(async (trx) => {
      await cleanup.dependants?.(trx, ids)
      return Number(await trx.from(cleanup.table).whereIn(key, ids).delete())
    })
    deleted += removed
    progress(deleted)
    if (ids.length < PURGE_BATCH || removed === 0) return deleted
  }
}

const ANSWERED = ['done', 'refused']

/**
 * What only lives for a while, in the order the purge runs them: before the
 * erasures, which delete some of these rows too (so that a dry run and the
 * real run that follows count the same).
 */
export const TABLE_STEPS: PurgeStep[] = [
  {
    key: 'export_files',
    count: (context) => countOf(db.from('privacy_exports').where('expires_at', '<=', context.at.now)),
    apply: (context) => deleteExpiredExports(context.now),
  },
  ...[
    { key: 'join_requests', table: 'join_requests' },
    { key: 'portal_sign_ins', table: 'portal_sign_ins' },
    { key: 'portal_email_changes', table: 'portal_email_changes' },
  ].map(({ key, table }) => tableStep({ key, table, expired: (context) => db.from(table).where('expires_at', '<', context.at.now) })),
  tableStep({
    key: 'import_rejections',
    table: 'customer_import_rejections',
    expired: (context) =>
      db.from('customer_import_rejections').whereIn('customer_import_id', db.from('customer_imports').whereNotNull('finished_at').where('finished_at', '<', context.at.workingCopies).select('id')),
  }),
  tableStep({ key: 'dev_messages', table: 'dev_messages', expired: (context) => db.from('dev_messages').where('created_at', '<', context.at.workingCopies) }),
  // The POS keeps its own week (pruned hourly by the schedule); the purge applies the same rule, it does not set another.
  {
    key: 'idempotency_keys',
    count: (context) => countOf(db.from('idempotency_keys').where('created_at', '<', dbInstant(new Date(context.now.getTime() - IDEMPOTENCY_KEY_DAYS * 86_400_000), context.dialect)).where('state', 'done')),
    apply: async (context) => Number(await pruneIdempotencyKeys(DateTime.fromMillis(context.now.getTime(), { zone: 'utc' }) as DateTime<true>)),
  },
  tableStep({ key: 'audit_logs', table: 'audit_logs', expired: (context) => db.from('audit_logs').where('created_at', '<', context.at.auditLogs) }),
  tableStep({
    key: 'privacy_requests',
    table: 'privacy_requests',
    expired: (context) => db.from('privacy_requests').whereIn('status', ANSWERED).whereNotNull('closed_at').where('closed_at', '<', context.at.requests),
    dependants: (trx, ids) => trx.from('privacy_request_steps').whereIn('privacy_request_id', ids as number[]).delete(),
  }),
  tableStep({ key: 'suppression_entries', table: 'suppression_list', idColumn: 'hash', expired: (context) => db.from('suppression_list').where('created_at', '<', context.at.suppression) }),
]
