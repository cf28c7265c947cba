import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import StaffMember, { type StaffRole } from '#staff/models/staff_member'
import { audit } from '#shared/audit'

export interface AccessChange {
  member: StaffMember
  by: StaffMember
  ip: string | null
}

/** The business would be left without any active owner. */
export class LastOwnerError extends Error {}

/**
 * Role and enabled/disabled changes (R44, R48). The member row is locked
 * and active owners counted inside the transaction, so two owners demoting
 * each other at once cannot both succeed (on Postgres; SQLite serialises
 * writers anyway).
 */
export async function changeStaffRole(change: AccessChange & { role: StaffRole }) {
  return update(change, (member) => {
    const from = member.role
    if (from === change.role) return null
    member.role = change.role
    return { action: 'staff.role_changed', details: { from, to: change.role }, removesOwner: from === 'owner' }
  })
}

export async function disableStaff(change: AccessChange) {
  return update(change, (member) => {
    if (member.isDisabled) return null
    member.disabledAt = DateTime.now()
    return { action: 'staff.disabled', details: {}, removesOwner: member.role === 'owner' }
  })
}

export async function enableStaff(change: AccessChange) {
  return update(change, (member) => {
    if (!member.isDisabled) return null
    member.disabledAt = null
    return { action: 'staff.enabled', details: {}, removesOwner: false }
  })
}

type Apply = (member: StaffMember) => { action: string; details: Record<string, unknown>; removesOwner: boolean } | null

async function update(change: AccessChange, apply: Apply) {
  return db.transaction(async (trx) => {
    const member = await StaffMember.query({ client: trx }).where('id', change.member.id).forUpdate().firstOrFail()
    const wasActiveOwner = member.role === 'owner' && !member.isDisabled
    const outcome = apply(member)
    if (!outcome) return member
    if (outcome.removesOwner && wasActiveOwner && (await activeOwners(trx)) <= 1) throw new LastOwnerError()
    await member.useTransaction(trx).save()
    await audit({ staffMemberId: change.by.id, action: outcome.action, subjectType: 'staff_member', subjectId: member.publicId, details: outcome.details, ip: change.ip }, trx)
    return member
  })
}

async function activeOwners(trx: TransactionClientContract) {
  const owners = await StaffMember.query({ client: trx }).where('role', 'owner').whereNull('disabledAt').whereNotNull('password').forUpdate()
  return owners.length
}
