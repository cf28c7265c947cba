import { createHash, randomBytes } from 'node:crypto'

/** `bytes` random bytes, URL-safe, for a link; only the SHA-256 (hex) is stored. */
export function newSecretToken(bytes: number) {
  const token = randomBytes(bytes).toString('base64url')
  return { token, hash: hashSecretToken(token) }
}

export function hashSecretToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
