import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** The rows a raw `… RETURNING` statement gave back: Postgres wraps them, SQLite does not. */
export function returnedRows(client: QueryClientContract, result: any): any[] {
  return client.dialect.name === 'postgres' ? result.rows : result
}

export function affectedRows(client: QueryClientContract, result: any) {
  return returnedRows(client, result).length
}
