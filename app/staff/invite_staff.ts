import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import StaffMember, { type StaffRole } from '#staff/models/staff_member'
import { newInvitationToken, INVITATION_DAYS } from '#staff/invitation_token'
import { audit } from '#shared/audit'

export interface InviteStaffInput {
  fullName: string
  email: string
  role: StaffRole
  storeId: number | null
  locale: string
  invitedBy: StaffMember
  ip: string | null
}

export class EmailTakenError extends Error {}

/**
 * Creates an account without a password and returns the one-time
 * invitation token (never stored: only its hash is). The invitee sets a
 * password at /invitations/:token within INVITATION_DAYS days.
 */
export async function inviteStaff(input: InviteStaffInput) {
  const { token, hash } = newInvitationToken()
  const member = await db.transaction(async (trx) => {
    if (await StaffMember.query({ client: trx }).where('email', input.email).first()) throw new EmailTakenError()
    const created = await StaffMember.create(
      {
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        storeId: input.storeId,
        locale: input.locale,
        password: null,
        invitationHash: hash,
        invitationExpiresAt: DateTime.now().plus({ days: INVITATION_DAYS }),
      },
      { client: trx }
    )
    await audit(
      { staffMemberId: input.invitedBy.id, action: 'staff.invited', subjectType: 'staff_member', subjectId: created.publicId, details: { role: input.role }, ip: input.ip },
      trx
    )
    return created
  })
  return { member, token }
}
