import { createHmac } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import { dbTimestamp } from '#shared/db_time'

export type SuppressedKind = 'email' | 'phone'
export type SuppressionReason = 'erasure' | 'objection'

/**
 * The suppression list keeps, for an erased or objecting person, only a
 * keyed hash of their e-mail and phone (R5): enough to recognise them when
 * an import brings them back, useless to anyone without the app's key (a
 * plain SHA-256 of an address can be reversed by hashing candidates).
 */
export function suppressionHash(kind: SuppressedKind, value: string) {
  const normalised = kind === 'email' ? value.trim().toLowerCase() : value.trim()
  return createHmac('sha256', `${env.get('APP_KEY')}:suppression`).update(`${kind}:${normalised}`).digest('hex')
}

export interface Addresses {
  email: string | null
  phone: string | null
}

/** Adds the person's addresses to the list; a later objection or erasure starts its retention again (R5: three years from the objection). */
export async function suppress(addresses: Addresses, reason: SuppressionReason, client: QueryClientContract = db.connection()) {
  for (const [kind, value] of entriesOf(addresses)) {
    await client.rawQuery(`INSERT INTO suppression_list (hash, kind, reason, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`, [
      suppressionHash(kind, value),
      kind,
      reason,
      dbTimestamp(DateTime.utc(), client),
    ])
  }
}

/** Whether any of these addresses was erased or objected to marketing. */
export async function isSuppressed(addresses: Addresses, client: QueryClientContract = db.connection()) {
  const hashes = entriesOf(addresses).map(([kind, value]) => suppressionHash(kind, value))
  if (hashes.length === 0) return false
  const row = await client.from('suppression_list').whereIn('hash', hashes).select('hash').first()
  return Boolean(row)
}

function entriesOf(addresses: Addresses): Array<[SuppressedKind, string]> {
  const entries: Array<[SuppressedKind, string]> = []
  if (addresses.email) entries.push(['email', addresses.email])
  if (addresses.phone) entries.push(['phone', addresses.phone])
  return entries
}
