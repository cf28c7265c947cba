import db from '@adonisjs/lucid/services/db'
import type Customer from '#customers/models/customer'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import { openAccount } from '#loyalty/earn_on_purchase'
import { audit } from '#shared/audit'
import { dbInstant } from '#shared/db_time'
import { runOn } from '#shared/sql_program'

/**
 * Staff add a customer to a programme with manual enrolment (a student
 * programme, a staff card…); auto programmes open accounts by themselves
 * at the first sale. Joining twice changes nothing.
 */
export async function joinProgram(customer: Customer, program: LoyaltyProgram, staffMemberId: number | null, ip?: string | null) {
  return db.transaction(async (trx) => {
    const existing = await trx.from('loyalty_accounts').where({ customer_id: customer.id, program_id: program.id }).first()
    if (existing) return { joined: false, accountId: Number(existing.id) }
    const account = await runOn(trx, openAccount(customer.id, program.id, program.parsedRules, dbInstant(new Date(), trx.dialect.name)))
    await audit({ staffMemberId, action: 'loyalty.member_added', subjectType: 'customer', subjectId: customer.publicId, details: { program: program.publicId }, ip }, trx)
    return { joined: true, accountId: account.id }
  })
}
