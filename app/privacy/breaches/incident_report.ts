import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#shared/db_time'
import type Breach from '#privacy/breaches/breach'

/**
 * The scope of an incident from the audit log (R27): in a time window,
 * how many entries per action and record type, which customers were
 * touched and which staff accounts acted. Public ids and roles only: no
 * name, address, IP or log details leave the table.
 */
export interface IncidentWindow {
  from: DateTime
  to: DateTime
}

export interface IncidentReport {
  window: IncidentWindow
  total: number
  distinctIps: number
  byAction: Array<{ action: string; subjectType: string | null; entries: number; distinctSubjects: number }>
  staff: Array<{ publicId: string | null; role: string | null; entries: number }>
  customers: { total: number; ids: string[] }
}

/** Enough for any notification list; beyond it the count still tells the size. */
export const CUSTOMER_IDS_LIMIT = 100_000

/** A breach's window: its start (or a week before its discovery) until its end (or now). */
export function breachWindow(breach: Breach, now = DateTime.utc()): IncidentWindow {
  const from = breach.startedAt ?? breach.discoveredAt.minus({ days: 7 })
  const to = breach.endedAt ?? now
  return to < from ? { from: to, to: from } : { from, to }
}

export async function incidentReport(window: IncidentWindow): Promise<IncidentReport> {
  const [totals, byAction, staff, customerCount, customerIds] = await Promise.all([
    inWindow(window).count('* as total').countDistinct('audit_logs.ip as ips').first(),
    inWindow(window)
      .select('audit_logs.action', 'audit_logs.subject_type')
      .count('* as entries')
      .countDistinct('audit_logs.subject_id as distinct_subjects')
      .groupBy('audit_logs.action', 'audit_logs.subject_type')
      .orderBy('entries', 'desc')
      .orderBy('audit_logs.action'),
    inWindow(window)
      .leftJoin('staff_members', 'staff_members.id', 'audit_logs.staff_member_id')
      .select('staff_members.public_id', 'staff_members.role')
      .count('* as entries')
      .groupBy('staff_members.public_id', 'staff_members.role')
      .orderBy('entries', 'desc'),
    customersTouched(window).countDistinct('audit_logs.subject_id as total').first(),
    customersTouched(window).distinct('audit_logs.subject_id').orderBy('audit_logs.subject_id').limit(CUSTOMER_IDS_LIMIT),
  ])
  return {
    window,
    total: Number(totals?.total ?? 0),
    distinctIps: Number(totals?.ips ?? 0),
    byAction: byAction.map((row) => ({ action: row.action, subjectType: row.subject_type, entries: Number(row.entries), distinctSubjects: Number(row.distinct_subjects) })),
    staff: staff.map((row) => ({ publicId: row.public_id, role: row.role, entries: Number(row.entries) })),
    customers: { total: Number(customerCount?.total ?? 0), ids: customerIds.map((row) => row.subject_id as string) },
  }
}

function inWindow({ from, to }: IncidentWindow) {
  return db.from('audit_logs').where('audit_logs.created_at', '>=', dbTimestamp(from)).where('audit_logs.created_at', '<=', dbTimestamp(to))
}

function customersTouched(window: IncidentWindow) {
  return inWindow(window).where('audit_logs.subject_type', 'customer').whereNotNull('audit_logs.subject_id')
}
