import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuditLog from '#shared/models/audit_log'

export interface AuditEntry {
  staffMemberId: number | null
  action: string
  subjectType?: string
  subjectId?: string
  details?: Record<string, unknown>
  ip?: string | null
}

/** Appends one audit row, in the caller's transaction when given. */
export function audit(entry: AuditEntry, trx?: TransactionClientContract) {
  return AuditLog.create(
    {
      staffMemberId: entry.staffMemberId,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      details: entry.details ?? null,
      ip: entry.ip ?? null,
    },
    trx ? { client: trx } : undefined
  )
}
