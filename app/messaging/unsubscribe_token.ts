import { appUrl } from '#config/app'
import { hashSecretToken, newSecretToken } from '#shared/secret_token'

/** 128 random bits per message, in the link; the database keeps only their SHA-256. */
export function newUnsubscribeToken() {
  const { token, hash } = newSecretToken(16)
  return { token, hash, url: `${appUrl}/u/${token}` }
}

export const hashUnsubscribeToken = hashSecretToken

export const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{22}$/
