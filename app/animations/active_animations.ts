import db from '@adonisjs/lucid/services/db'
import { parseConfig, type AnimationConfig } from '#animations/animation_config'
import type { FiringSource } from '#animations/fire'
import type { SegmentFilters } from '#animations/segments/segment_filters'

export interface ActiveAnimation extends FiringSource {
  type: 'animation'
  name: string
  kind: string
  storeId: number | null
  config: AnimationConfig
  /** The audience's segment filters (config.segment_id), loaded with the animation; undefined: everyone. */
  segmentFilters?: SegmentFilters | null
}

/** Active animations of these kinds; with a store, those for every store or for that one. */
export async function activeAnimations(kinds: string[], storeId?: number): Promise<ActiveAnimation[]> {
  const query = db.from('animations').where('status', 'active').whereIn('kind', kinds).orderBy('id')
  if (storeId !== undefined) query.where((scope) => scope.whereNull('store_id').orWhere('store_id', storeId))
  const rows = await query.select('id', 'public_id', 'name', 'kind', 'store_id', 'config')
  return Promise.all(rows.map((row) => withSegment(sourceOf({ id: Number(row.id), publicId: row.public_id, name: row.name, kind: row.kind, storeId: row.store_id === null ? null : Number(row.store_id), config: row.config }))))
}

/** Loads the filters of the animation's audience segment (null when it names one that is gone: nobody). */
export async function withSegment(animation: ActiveAnimation): Promise<ActiveAnimation> {
  if (!animation.config.segment_id) return animation
  const segment = await db.from('segments').where('public_id', animation.config.segment_id).select('filters').first()
  return { ...animation, segmentFilters: segment ? (JSON.parse(segment.filters) as SegmentFilters) : null }
}

/** An animation (a model or a row) as the engine fires it. */
export function sourceOf(animation: { id: number; publicId: string; name: string; kind: string; storeId: number | null; config: string }): ActiveAnimation {
  return { type: 'animation', id: animation.id, publicId: animation.publicId, name: animation.name, kind: animation.kind, storeId: animation.storeId, config: parseConfig(animation.config) }
}
