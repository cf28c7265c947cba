import AuditLog from '#shared/models/audit_log'
import StaffMember from '#staff/models/staff_member'

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilter {
  before?: number
  action?: string
}

/**
 * Newest first, keyset-paginated on id (`?before=<id>`), so deep pages cost
 * the same as the first. Returns the page, the actors' names and the
 * cursor of the next page, if any.
 */
export async function listAuditLogs(filter: AuditFilter) {
  const query = AuditLog.query().orderBy('id', 'desc').limit(AUDIT_PAGE_SIZE + 1)
  if (filter.before) query.where('id', '<', filter.before)
  if (filter.action) query.where('action', filter.action)
  const rows = await query
  const entries = rows.slice(0, AUDIT_PAGE_SIZE)
  const actorIds = [...new Set(entries.map((entry) => entry.staffMemberId).filter((id): id is number => id !== null))]
  const actors = actorIds.length ? await StaffMember.query().whereIn('id', actorIds) : []
  return {
    entries,
    actors: new Map(actors.map((actor) => [actor.id, actor.fullName])),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1].id : null,
  }
}

/** The actions that exist, for the filter menu. */
export async function auditActions() {
  const rows = await AuditLog.query().distinct('action').orderBy('action')
  return rows.map((row) => row.action)
}
