import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import StaffMember from '#staff/models/staff_member'
import { hashInvitationToken, INVITATION_TOKEN } from '#staff/invitation_token'
import { audit } from '#shared/audit'

/** A live invitation for this token: unexpired, unused, account enabled. */
export async function findInvitation(token: string) {
  if (!INVITATION_TOKEN.test(token)) return null
  const member = await StaffMember.query().where('invitationHash', hashInvitationToken(token)).whereNull('password').first()
  if (!member || member.isDisabled) return null
  if (!member.invitationExpiresAt || member.invitationExpiresAt < DateTime.now()) return null
  return member
}

/** Sets the invitee's password and burns the invitation, so the link works once. */
export async function acceptInvitation(member: StaffMember, password: string, ip: string | null) {
  return db.transaction(async (trx) => {
    member.useTransaction(trx)
    member.password = password
    member.invitationHash = null
    member.invitationExpiresAt = null
    await member.save()
    await audit({ staffMemberId: member.id, action: 'staff.invitation_accepted', subjectType: 'staff_member', subjectId: member.publicId, ip }, trx)
    return member
  })
}
