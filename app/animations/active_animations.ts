import db from '@adonisjs/lucid/services/db'
import { parseConfig, type AnimationConfig } from '#animations/animation_config'
import type { FiringSource } from '#animations/fire'

export interface ActiveAnimation extends FiringSource {
  type: 'animation'
  name: string
  kind: string
  storeId: number | null
  config: AnimationConfig
}

/** Active animations of these kinds; with a store, those for every store or for that one. */
export async function activeAnimations(kinds: string[], storeId?: number): Promise<ActiveAnimation[]> {
  const query = db.from('animations').where('status', 'active').whereIn('kind', kinds).orderBy('id')
  if (storeId !== undefined) query.where((scope) => scope.whereNull('store_id').orWhere('store_id', storeId))
  const rows = await query.select('id', 'public_id', 'name', 'kind', 'store_id', 'config')
  return rows.map((row) => sourceOf({ id: Number(row.id), publicId: row.public_id, name: row.name, kind: row.kind, storeId: row.store_id === null ? null : Number(row.store_id), config: row.config }))
}

/** An animation (a model or a row) as the engine fires it. */
export function sourceOf(animation: { id: number; publicId: string; name: string; kind: string; storeId: number | null; config: string }): ActiveAnimation {
  return { type: 'animation', id: animation.id, publicId: animation.publicId, name: animation.name, kind: animation.kind, storeId: animation.storeId, config: parseConfig(animation.config) }
}
