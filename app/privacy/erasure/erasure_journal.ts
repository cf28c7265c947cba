import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'

export type ErasureCause = 'request' | 'retention' | 'command' | 'replay'

export interface JournalEntry {
  customer: string
  cause: ErasureCause
  at: string
}

/**
 * Erasures are written twice: in `erasure_journal` (with the erasure, in
 * its transaction) and appended to a file kept outside the database (one
 * JSON line each, public ids only). A database restored from a backup has
 * lost its recent journal rows but not the file: `node ace
 * privacy:replay-erasures` erases again everyone the file names.
 */
export function journalPath() {
  const configured = env.get('ERASURE_JOURNAL_PATH')
  if (!configured) return app.tmpPath('erasure-journal.jsonl')
  return configured.startsWith('/') ? configured : app.makePath(configured)
}

export async function appendToJournalFile(entry: JournalEntry) {
  const path = journalPath()
  await mkdir(dirname(path), { recursive: true })
  await appendFile(path, `${JSON.stringify(entry)}\n`, { encoding: 'utf-8', mode: 0o600 })
}

/** Every erased public id the file and the table know of (a restored table may know fewer). */
export async function journalledCustomers(): Promise<string[]> {
  const ids = new Set<string>()
  try {
    for (const line of (await readFile(journalPath(), 'utf-8')).split('\n')) {
      if (!line.trim()) continue
      try {
        const entry = JSON.parse(line) as Partial<JournalEntry>
        if (typeof entry.customer === 'string') ids.add(entry.customer)
      } catch {
        // A line cut short by a crash mid-write: the table still has that erasure.
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const rows = await db.from('erasure_journal').select('customer_public_id')
  for (const row of rows) ids.add(row.customer_public_id)
  return [...ids]
}
