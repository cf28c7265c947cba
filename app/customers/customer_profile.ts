import Customer from '#customers/models/customer'
import ConsentRecord from '#customers/models/consent_record'
import Purchase from '#purchases/models/purchase'
import AuditLog from '#shared/models/audit_log'
import StaffMember from '#staff/models/staff_member'
import { tagsOf } from '#customers/update_customer'

/** Everything the staff profile page shows about one customer. */
export async function customerProfileOf(customer: Customer) {
  await customer.load('store')
  await customer.load('activity')
  const [tags, consentRecords, purchases, auditLogs] = await Promise.all([
    tagsOf(customer.id),
    ConsentRecord.query().where('customerId', customer.id).orderBy('id', 'desc').limit(100),
    Purchase.query().where('customerId', customer.id).preload('lines', (lines) => lines.orderBy('position')).orderBy('occurredAt', 'desc').orderBy('id', 'desc').limit(20),
    AuditLog.query().where('subjectType', 'customer').where('subjectId', customer.publicId).orderBy('id', 'desc').limit(50),
  ])
  return { customer, birthday: birthdayOf(customer), tags, consentRecords, purchases, auditLogs: await withStaffNames(auditLogs) }
}

async function withStaffNames(logs: AuditLog[]) {
  const ids = [...new Set(logs.map((log) => log.staffMemberId).filter((id): id is number => id !== null))]
  const staff = ids.length ? await StaffMember.query().whereIn('id', ids).select('id', 'fullName') : []
  const names = new Map(staff.map((member) => [member.id, member.fullName]))
  return logs.map((log) => ({
    createdAt: log.createdAt,
    action: log.action,
    staffName: log.staffMemberId ? (names.get(log.staffMemberId) ?? null) : null,
    fields: Array.isArray(log.details?.fields) ? (log.details.fields as string[]) : [],
  }))
}

/** "14/07" or "14/07/1990": staff read birthdays day first. */
function birthdayOf(customer: Customer) {
  if (!customer.birthDay || !customer.birthMonth) return null
  const dayMonth = `${String(customer.birthDay).padStart(2, '0')}/${String(customer.birthMonth).padStart(2, '0')}`
  return customer.birthYear ? `${dayMonth}/${customer.birthYear}` : dayMonth
}
