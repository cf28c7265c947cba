import { timingSafeEqual } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { hashSecretToken } from '#shared/secret_token'

export const EXPORT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** 32 random bytes, base64url. */
export const EXPORT_TOKEN = /^[A-Za-z0-9_-]{43}$/

export interface OpenedExport {
  publicId: string
  status: 'pending' | 'building' | 'ready' | 'failed'
  progress: number
  directory: string
  expiresAt: Date
}

/**
 * The export a link opens: only when it is this customer's, the token is
 * its own and the 24 hours have not passed. Null in every other case, so
 * an export of another customer and one that never existed look the same.
 */
export async function openExport(customerId: number, publicId: string, token: unknown): Promise<OpenedExport | null> {
  if (!EXPORT_ID.test(publicId) || typeof token !== 'string' || !EXPORT_TOKEN.test(token)) return null
  const row = await db
    .from('privacy_exports')
    .where('public_id', publicId)
    .where('customer_id', customerId)
    .where('expires_at', '>', dbInstant(new Date(), db.connection().dialect.name))
    .select('public_id', 'status', 'progress', 'directory', 'token_hash', 'expires_at')
    .first()
  if (!row || !sameHash(String(row.token_hash), hashSecretToken(token))) return null
  return { publicId: row.public_id, status: row.status, progress: Number(row.progress), directory: row.directory, expiresAt: instantFromDb(row.expires_at) }
}

function sameHash(stored: string, given: string) {
  const a = Buffer.from(stored, 'hex')
  const b = Buffer.from(given, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
