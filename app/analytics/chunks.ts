import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

const CHUNK = 5000
const INSERT_BATCH = 500

type Query = ReturnType<TransactionClientContract['from']>

/** Keyset pages of a query, in id order: memory stays flat whatever the history. */
export async function eachPage(query: Query, idColumn: string, each: (rows: any[]) => void | Promise<void>) {
  let after = 0
  for (;;) {
    const rows = await query.clone().where(idColumn, '>', after).orderBy(idColumn).limit(CHUNK)
    if (rows.length > 0) await each(rows)
    if (rows.length < CHUNK) return
    after = Number(rows[rows.length - 1].id)
  }
}

export async function eachChunk(query: Query, idColumn: string, each: (row: any) => void) {
  await eachPage(query, idColumn, (rows) => rows.forEach(each))
}

export async function insertInBatches(trx: TransactionClientContract, table: string, rows: Record<string, unknown>[]) {
  for (let at = 0; at < rows.length; at += INSERT_BATCH) await trx.table(table).multiInsert(rows.slice(at, at + INSERT_BATCH))
}
