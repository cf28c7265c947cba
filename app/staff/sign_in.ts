import { DateTime } from 'luxon'
import { errors as authErrors } from '@adonisjs/auth'
import StaffMember, { normalizeEmail } from '#staff/models/staff_member'
import { SignInThrottle } from '#staff/sign_in_throttle'
import { audit } from '#shared/audit'

export interface SignInAttempt {
  email: string
  password: string
  ip: string
}

export type SignInResult = { status: 'ok'; member: StaffMember } | { status: 'invalid' } | { status: 'throttled'; retryAfter: number }

/**
 * Checks a sign-in attempt against the throttle and the credentials.
 * Unknown e-mail, wrong password, invited-but-not-accepted and disabled
 * accounts all answer `invalid` the same way; each failure is counted and
 * audited (without the password). Throws ThrottleStoreDownError when the
 * counters cannot be read: the caller refuses the sign-in (R70).
 */
export async function attemptSignIn(attempt: SignInAttempt): Promise<SignInResult> {
  const throttle = new SignInThrottle(attempt.email, attempt.ip)
  const retryAfter = await throttle.retryAfter()
  if (retryAfter > 0) return { status: 'throttled', retryAfter }
  const member = await verify(attempt.email, attempt.password)
  if (member && !member.isDisabled) {
    await throttle.recordSuccess()
    return { status: 'ok', member }
  }
  await throttle.recordFailure()
  await auditFailure(attempt, member)
  return { status: 'invalid' }
}

async function verify(email: string, password: string) {
  try {
    return await StaffMember.verifyCredentials(email, password)
  } catch (error) {
    if (error instanceof authErrors.E_INVALID_CREDENTIALS) return null
    throw error
  }
}

async function auditFailure(attempt: SignInAttempt, verified: StaffMember | null) {
  const account = verified ?? (await StaffMember.findBy('email', normalizeEmail(attempt.email)))
  const reason = !account ? 'unknown_account' : verified ? 'disabled' : 'wrong_password'
  await audit({
    staffMemberId: null,
    action: 'staff.sign_in_failed',
    subjectType: account ? 'staff_member' : undefined,
    subjectId: account?.publicId,
    details: { reason },
    ip: attempt.ip,
  })
}

/** After a successful sign-in: when, and the audit row. The guard already renewed the session id. */
export async function recordSignIn(member: StaffMember, ip: string) {
  member.lastSignInAt = DateTime.now()
  await member.save()
  await audit({ staffMemberId: member.id, action: 'staff.signed_in', subjectType: 'staff_member', subjectId: member.publicId, ip })
}

/** Only a local path: `intended` must not become an open redirect. */
export function safeIntended(value: unknown) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null
}
