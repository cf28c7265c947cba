import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Breach from '#privacy/breaches/breach'
import type { BreachInput } from '#privacy/breaches/breach_form'
import { audit } from '#shared/audit'

export interface Actor {
  staffMemberId: number
  ip?: string | null
}

/**
 * Records a breach in the register, or saves changes to one, and audits
 * which fields changed (their names, never the descriptions), in one
 * transaction.
 */
export async function recordBreach(input: BreachInput, actor: Actor, existing?: Breach) {
  return db.transaction(async (trx) => {
    const breach = existing ? existing.useTransaction(trx) : new Breach().useTransaction(trx)
    const changed = (Object.keys(input) as Array<keyof BreachInput>).filter((field) => !existing || !same(existing[field], input[field]))
    breach.merge(input)
    if (!existing) breach.recordedById = actor.staffMemberId
    await breach.save()
    const details = { fields: changed, risk: breach.risk, notified_late: Breach.isLate(breach.discoveredAt, breach.cnilNotifiedAt) }
    await audit({ ...actor, action: existing ? 'privacy.breach_updated' : 'privacy.breach_recorded', subjectType: 'breach', subjectId: breach.publicId, details }, trx)
    return breach
  })
}

/** Instants compare by the moment, whatever their zone. */
function same(before: unknown, after: unknown) {
  if (before instanceof DateTime || after instanceof DateTime) {
    return before instanceof DateTime && after instanceof DateTime ? before.toMillis() === after.toMillis() : before === after
  }
  return before === after
}
