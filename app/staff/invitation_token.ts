import { hashSecretToken, newSecretToken } from '#shared/secret_token'

export const INVITATION_DAYS = 7

/** 256 random bits, URL-safe; only its SHA-256 is stored (invitation_hash). */
export function newInvitationToken() {
  return newSecretToken(32)
}

export const hashInvitationToken = hashSecretToken

export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/
