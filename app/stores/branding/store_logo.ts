import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Store from '#stores/models/store'
import StoreLogo from '#stores/models/store_logo'
import { LOGO_TYPES, MAX_LOGO_BYTES, MAX_LOGO_PIXELS_PER_SIDE, readLogoFile } from '#stores/branding/logo_file'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'
import type { Actor } from '#stores/save_store'

/**
 * The store's logo as a `data:` URL, for pages, posters and e-mails that
 * inline it (posters are printed with the network closed), or null when
 * the store has none. Only ever a data: URL of an allowed image type, of
 * bytes checked (and, for SVG, sanitised) on upload.
 */
export async function storeLogoDataUrl(store: Pick<Store, 'id'>): Promise<string | null> {
  const logo = await StoreLogo.findBy('storeId', store.id)
  return logo ? logoDataUrl(logo) : null
}

export function logoDataUrl(logo: Pick<StoreLogo, 'contentType' | 'data'>): string | null {
  if (!LOGO_TYPES.includes(logo.contentType) || logo.data.length === 0) return null
  return `data:${logo.contentType};base64,${logo.data.toString('base64')}`
}

/** What the store form shows: the current logo, and what a new one may be. */
export async function logoFacts(store: Pick<Store, 'id'>) {
  return { url: await storeLogoDataUrl(store), accept: LOGO_TYPES.join(','), maxKb: MAX_LOGO_BYTES / 1024, maxPixels: MAX_LOGO_PIXELS_PER_SIDE }
}

/**
 * Checks an upload and makes it the store's logo, replacing any other,
 * audited. Throws LogoRefusedError (and keeps the current logo) when the
 * upload is not one.
 */
export async function replaceStoreLogo(store: Store, upload: Buffer, actor: Actor) {
  const logo = readLogoFile(upload)
  const sha256 = createHash('sha256').update(logo.bytes).digest('hex')
  await db.transaction(async (trx) => {
    // One statement, so that two uploads at once cannot both insert.
    await trx
      .knexQuery()
      .table(StoreLogo.table)
      .insert({ store_id: store.id, content_type: logo.type, data: logo.bytes, sha256, updated_at: dbTimestamp(DateTime.now(), trx) })
      .onConflict('store_id')
      .merge(['content_type', 'data', 'sha256', 'updated_at'])
    const details = { type: logo.type, bytes: logo.bytes.length, sha256 }
    await audit({ ...actor, action: 'store.logo_replaced', subjectType: 'store', subjectId: store.publicId, details }, trx)
  })
}

/** Removes the store's logo, audited; false when it had none. */
export async function removeStoreLogo(store: Store, actor: Actor) {
  return db.transaction(async (trx) => {
    const removed = await trx.from(StoreLogo.table).where('store_id', store.id).delete()
    if (Number(removed) === 0) return false
    await audit({ ...actor, action: 'store.logo_removed', subjectType: 'store', subjectId: store.publicId }, trx)
    return true
  })
}
