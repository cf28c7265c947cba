import db from '@adonisjs/lucid/services/db'
import { fromDbTimestamp, dbInstant } from '#shared/db_time'
import { PRESETS } from '#animations/presets'

/** Each animation with its results over the last 30 days (one grouped query on the deliveries). */
export async function animationList() {
  const animations = await db.from('animations').orderBy('status').orderBy('name').select('id', 'public_id', 'name', 'kind', 'status', 'store_id', 'config', 'activated_at')
  const since = dbInstant(new Date(Date.now() - 30 * 86_400_000), db.connection().dialect.name)
  const counts = await db
    .from('deliveries as d')
    .join('firings as f', 'f.id', 'd.firing_id')
    .where('f.source_type', 'animation')
    .where('d.created_at', '>=', since)
    .groupBy('f.source_id', 'd.status')
    .select('f.source_id', 'd.status')
    .count('* as total')
  const lastFired = await db.from('firings').where('source_type', 'animation').groupBy('source_id').select('source_id').max('created_at as at')
  return animations.map((row) => {
    const mine = counts.filter((count) => Number(count.source_id) === Number(row.id))
    const total = (status: string) => mine.filter((count) => count.status === status).reduce((sum, count) => sum + Number(count.total), 0)
    const last = lastFired.find((fired) => Number(fired.source_id) === Number(row.id))
    return {
      publicId: row.public_id,
      name: row.name,
      kind: row.kind,
      family: PRESETS[row.kind]?.family ?? 'behaviour',
      status: row.status,
      channels: JSON.parse(row.config).channels as string[],
      results: { sent: total('sent'), waiting: total('queued') + total('held'), skipped: total('skipped'), failed: total('failed') + total('interrupted') },
      lastFiredAt: last ? fromDbTimestamp(last.at) : null,
    }
  })
}
