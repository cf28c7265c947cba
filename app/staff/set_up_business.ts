import db from '@adonisjs/lucid/services/db'
import StaffMember from '#staff/models/staff_member'
import Store from '#stores/models/store'
import { audit } from '#shared/audit'

export interface SetUpBusinessInput {
  fullName: string
  email: string
  password: string
  locale: string
  ip: string | null
  store?: { name: string; slug: string; city?: string | null; timezone: string; currency: string }
}

/** Someone completed the first-run page first: it is closed now. */
export class AlreadySetUpError extends Error {}

/**
 * First run (R51): creates the owner and, when the database holds no store
 * yet, the first (default) store, in one transaction. Refused as soon as
 * any staff account exists.
 */
export async function setUpBusiness(input: SetUpBusinessInput) {
  return db.transaction(async (trx) => {
    if (await StaffMember.query({ client: trx }).select('id').first()) throw new AlreadySetUpError()
    let store = await Store.query({ client: trx }).whereNull('archivedAt').orderBy('isDefault', 'desc').orderBy('id').first()
    if (!store && input.store) {
      store = await Store.create({ ...input.store, city: input.store.city ?? null, country: 'FR', isDefault: true }, { client: trx })
    }
    const owner = await StaffMember.create(
      { fullName: input.fullName, email: input.email, password: input.password, role: 'owner', storeId: store?.id ?? null, locale: input.locale },
      { client: trx }
    )
    await audit({ staffMemberId: owner.id, action: 'staff.owner_created', subjectType: 'staff_member', subjectId: owner.publicId, ip: input.ip }, trx)
    if (store && input.store) {
      await audit({ staffMemberId: owner.id, action: 'store.created', subjectType: 'store', subjectId: store.publicId, ip: input.ip }, trx)
    }
    return owner
  })
}
