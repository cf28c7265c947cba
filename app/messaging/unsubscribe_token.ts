import { createHash, randomBytes } from 'node:crypto'
import { appUrl } from '#config/app'

/** 128 random bits per message, in the link; the database keeps only their SHA-256. */
export function newUnsubscribeToken() {
  const token = randomBytes(16).toString('base64url')
  return { token, hash: hashUnsubscribeToken(token), url: `${appUrl}/u/${token}` }
}

export function hashUnsubscribeToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

export const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{22}$/
