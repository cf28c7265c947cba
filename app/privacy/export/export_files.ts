import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { dbInstant } from '#shared/db_time'
import type { ExportFormat } from '#privacy/export/export_formats'

/** How long an export's link and files live. */
export const EXPORT_LIFETIME_HOURS = 24

/** Where exports are written: one directory each, readable by this user only. */
export function exportsRoot() {
  return app.tmpPath('privacy-exports')
}

/** A directory name is 32 hex characters (exports.directory); anything else is not ours to touch. */
const DIRECTORY = /^[0-9a-f]{32}$/

export function exportFilePath(directory: string, format: ExportFormat) {
  if (!DIRECTORY.test(directory)) throw new Error('Not an export directory')
  return join(exportsRoot(), directory, `export.${format}`)
}

export async function writeExportFile(directory: string, format: ExportFormat, content: string | Buffer) {
  await mkdir(exportsRoot(), { recursive: true, mode: 0o700 })
  const folder = join(exportsRoot(), directory)
  await mkdir(folder, { recursive: true, mode: 0o700 })
  await chmod(folder, 0o700)
  const path = exportFilePath(directory, format)
  await writeFile(path, content, { mode: 0o600 })
  // The mode above only applies to a new file (and the umask may narrow it): set it for certain.
  await chmod(path, 0o600)
}

export async function removeExportDirectory(directory: string) {
  if (DIRECTORY.test(directory)) await rm(join(exportsRoot(), directory), { recursive: true, force: true })
}

/**
 * Deletes the exports whose link has expired, rows and files, and any
 * directory no row names any more once it is older than an export lives
 * (a build interrupted by a crash). Run before each new export and by the
 * nightly retention purge. Returns how many exports were deleted.
 */
export async function deleteExpiredExports(now = new Date()) {
  const expired = await db.from('privacy_exports').where('expires_at', '<=', dbInstant(now, db.connection().dialect.name)).select('id', 'directory')
  for (const row of expired) await removeExportDirectory(row.directory)
  if (expired.length > 0) await db.from('privacy_exports').whereIn('id', expired.map((row) => row.id)).delete()
  await deleteOrphanDirectories(now)
  return expired.length
}

/** Erasure: every export of this customer goes, whatever its state (a build under way finds its row gone and cleans up). */
export async function deleteExportsOf(customerId: number) {
  const rows = await db.from('privacy_exports').where('customer_id', customerId).select('id', 'directory')
  for (const row of rows) await removeExportDirectory(row.directory)
  if (rows.length > 0) await db.from('privacy_exports').whereIn('id', rows.map((row) => row.id)).delete()
  return rows.length
}

async function deleteOrphanDirectories(now: Date) {
  const names = await readdir(exportsRoot()).catch(() => [] as string[])
  const candidates = names.filter((name) => DIRECTORY.test(name))
  if (candidates.length === 0) return
  const known = new Set((await db.from('privacy_exports').whereIn('directory', candidates).select('directory')).map((row) => row.directory))
  const cutoff = now.getTime() - EXPORT_LIFETIME_HOURS * 3_600_000
  for (const name of candidates) {
    if (known.has(name)) continue
    const info = await stat(join(exportsRoot(), name)).catch(() => null)
    if (info && info.mtimeMs < cutoff) await removeExportDirectory(name)
  }
}
