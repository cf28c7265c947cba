import { createHash, randomBytes } from 'node:crypto'

export const INVITATION_DAYS = 7

/** 256 random bits, URL-safe; only its SHA-256 is stored (invitation_hash). */
export function newInvitationToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashInvitationToken(token) }
}

export function hashInvitationToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/
