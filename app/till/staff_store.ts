import Store from '#stores/models/store'
import type StaffMember from '#staff/models/staff_member'

/** The store a till sale or enrolment belongs to: the staff member's, else the default one. */
export async function storeOfStaff(staff: StaffMember) {
  const own = staff.storeId ? await Store.query().where('id', staff.storeId).whereNull('archivedAt').first() : null
  return own ?? Store.defaultStore()
}
