import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import type { DateTime } from 'luxon'
import { audit } from '#shared/audit'
import { fromDbTimestamp } from '#shared/db_time'
import type { Actor } from '#stores/save_store'

/**
 * Issues a POS API token for one store (R52). The secret is returned once,
 * to be shown once: only its hash is stored.
 */
export async function createPosToken(store: Store, name: string, actor: Actor) {
  const token = await Store.accessTokens.create(store, ['*'], { name })
  await audit({ ...actor, action: 'pos_token.created', subjectType: 'store', subjectId: store.publicId, details: { token_id: Number(token.identifier), name } })
  return token
}

/** Revokes a token by deleting it: the next request made with it gets 401. */
export async function revokePosToken(tokenId: number, actor: Actor) {
  const row = await db.from('pos_tokens').where('id', tokenId).first()
  if (!row) return false
  const store = await Store.findOrFail(row.tokenable_id)
  await Store.accessTokens.delete(store, tokenId)
  await audit({ ...actor, action: 'pos_token.revoked', subjectType: 'store', subjectId: store.publicId, details: { token_id: tokenId, name: row.name } })
  return true
}

export interface PosTokenRow {
  id: number
  name: string | null
  storeName: string
  createdAt: DateTime | null
  lastUsedAt: DateTime | null
}

export async function listPosTokens(): Promise<PosTokenRow[]> {
  const rows = await db
    .from('pos_tokens')
    .join('stores', 'stores.id', 'pos_tokens.tokenable_id')
    .select('pos_tokens.id', 'pos_tokens.name', 'stores.name as store_name', 'pos_tokens.created_at', 'pos_tokens.last_used_at')
    .orderBy('pos_tokens.id', 'desc')
    .limit(500)
  return rows.map((row) => ({ id: Number(row.id), name: row.name, storeName: row.store_name, createdAt: fromDbTimestamp(row.created_at), lastUsedAt: fromDbTimestamp(row.last_used_at) }))
}
