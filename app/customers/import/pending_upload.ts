import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { newPublicId } from '#shared/public_id'
import { readCsvFile, type Delimiter } from '#customers/import/csv_file'
import CustomerImport from '#customers/import/models/customer_import'

/** An uploaded file waiting for its column mapping (step 2), kept next to it as JSON. */
export interface PendingUpload {
  token: string
  staffMemberId: number
  fileName: string
  fileHash: string
  encoding: string
  delimiter: Delimiter
  header: string[]
  preview: string[][]
  dataRows: number
}

const PENDING_TTL_MS = 24 * 3600 * 1000
const metaPath = (token: string) => CustomerImport.pathOf(token).replace(/\.csv$/, '.json')

/**
 * Reads and checks the upload (throws CsvFileError), then stores it as
 * UTF-8 under a generated name: the user's file name is only data.
 */
export async function storePendingUpload(tmpPath: string, clientName: string, staffMemberId: number): Promise<PendingUpload> {
  const bytes = await readFile(tmpPath)
  const facts = readCsvFile(bytes)
  const token = newPublicId()
  const upload: PendingUpload = {
    token,
    staffMemberId,
    fileName: clientName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(-200) || 'import.csv',
    fileHash: createHash('sha256').update(bytes).digest('hex'),
    encoding: facts.encoding,
    delimiter: facts.delimiter,
    header: facts.header,
    preview: facts.preview,
    dataRows: facts.dataRows,
  }
  await mkdir(app.tmpPath('imports'), { recursive: true })
  await sweepAbandonedUploads()
  await writeFile(CustomerImport.pathOf(token), facts.text, { encoding: 'utf-8', mode: 0o600 })
  await writeFile(metaPath(token), JSON.stringify(upload), { encoding: 'utf-8', mode: 0o600 })
  return upload
}

/** The pending upload of this staff member, or null (unknown token, someone else's, already started). */
export async function findPendingUpload(token: string, staffMemberId: number): Promise<PendingUpload | null> {
  try {
    const upload = JSON.parse(await readFile(metaPath(token), 'utf-8')) as PendingUpload
    return upload.staffMemberId === staffMemberId ? upload : null
  } catch {
    return null
  }
}

export async function forgetPendingUpload(token: string) {
  await rm(metaPath(token), { force: true })
}

/** Uploads never mapped are personal data with no purpose: gone after a day. */
async function sweepAbandonedUploads() {
  const folder = app.tmpPath('imports')
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.json')) continue
    const path = app.tmpPath('imports', name)
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }))
    if (Date.now() - mtimeMs < PENDING_TTL_MS) continue
    await rm(path, { force: true })
    await rm(path.replace(/\.json$/, '.csv'), { force: true })
  }
}
