import type { Database, Statement } from 'better-sqlite3'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * A use case on a hot path written once as a generator of SQL statements
 * (`const rows = yield sql(...)`), run by either driver below:
 *
 * - `runOn`: any dialect, awaiting each statement on a Lucid client or
 *   transaction (the ordinary path: events, debug log, commit hooks).
 * - `runOnSqlite` (writes) and `read`: SQLite's hot path. The pool has ONE connection, so a
 *   transaction that awaits between statements holds every other request
 *   up while the event loop serves them; here the whole program runs
 *   synchronously on the raw better-sqlite3 connection, with cached
 *   prepared statements, inside one `BEGIN IMMEDIATE` (no lock upgrade).
 *
 * Same SQL on both dialects (`?` placeholders, `RETURNING`), so the logic
 * of a use case never forks by database. Writes whose result the program
 * does not need are yielded with `later()`: on Postgres, where every round
 * trip costs (a socket write, a wake-up of the backend), they are sent
 * together as one statement just before the next `sql()` or the commit.
 */
export interface Sql {
  text: string
  params: Array<string | number | null>
  /** Postgres only: cancel after this many ms waiting (on a lock). */
  timeoutMs?: number
  /** An INSERT, UPDATE or DELETE without RETURNING, touching rows no other pending write touches. */
  deferred?: boolean
}

export type Row = Record<string, unknown>
export type SqlProgram<T> = Generator<Sql, T, Row[]>

export function sql(text: string, params: Sql['params'] = [], timeoutMs?: number): Sql {
  return { text, params, timeoutMs }
}

export function later(text: string, params: Sql['params'] = []): Sql {
  return { text, params, deferred: true }
}

/**
 * Runs a read-only program outside any transaction: on SQLite synchronously
 * on the raw connection (cached statements, no knex), elsewhere through Lucid.
 */
export async function read<T>(program: SqlProgram<T>): Promise<T> {
  const client = db.connection()
  if (client.dialect.name !== 'better-sqlite3') return runOn(client, program)
  return withRawConnection(client, false, (connection, report) => drive(connection, preparedOf(connection).statements, program, report))
}

export async function runOn<T>(trx: TransactionClientContract | QueryClientContract, program: SqlProgram<T>): Promise<T> {
  const pending: Sql[] = []
  let step = program.next()
  while (!step.done) {
    if (step.value.deferred && trx.dialect.name === 'postgres') {
      pending.push(step.value)
      step = program.next([])
      continue
    }
    if (pending.length > 0) await execute(trx, combined(pending.splice(0)))
    step = program.next(await execute(trx, step.value))
  }
  if (pending.length > 0) await execute(trx, combined(pending))
  return step.value
}

async function execute(trx: TransactionClientContract | QueryClientContract, query: Sql): Promise<Row[]> {
  // knex binds null fine; its types only omit it.
  const raw = trx.rawQuery(query.text, query.params as Array<string | number>)
  if (query.timeoutMs && trx.dialect.name === 'postgres') raw.timeout(query.timeoutMs, { cancel: true })
  const result = await raw
  return Array.isArray(result) ? result : (result?.rows ?? [])
}

/**
 * Postgres runs data-modifying statements inside WITH, all on one snapshot
 * (hence: no two pending writes on the same rows): one round trip.
 */
function combined(queries: Sql[]): Sql {
  if (queries.length === 1) return queries[0]
  const last = queries[queries.length - 1]
  const ctes = queries.slice(0, -1).map((query, index) => `w${index} AS (${query.text})`)
  return { text: `WITH ${ctes.join(', ')} ${last.text}`, params: queries.flatMap((query) => query.params) }
}

/**
 * Runs the program in one `BEGIN IMMEDIATE` transaction on the pool's raw
 * connection, taken from the pool so nothing else can use it meanwhile, and
 * never awaiting while it is held. A throw rolls back.
 */
export async function runOnSqlite<T>(program: () => SqlProgram<T>): Promise<T> {
  return withRawConnection(db.connection(), true, (connection, report) => preparedOf(connection).transaction.immediate(program, report) as T)
}

async function withRawConnection<T>(client: QueryClientContract, inTransaction: boolean, run: (connection: Database, report: Report) => T): Promise<T> {
  const pool = client.getWriteClient().client
  const connection: Database = await pool.acquireConnection()
  try {
    // Same `db:query` events as Lucid's own queries, when debugging (tests count statements).
    const report = client.debug && client.emitter.hasListeners('db:query') ? (query: Sql) => client.emitter.emit('db:query', { connection: client.connectionName, inTransaction, sql: query.text, bindings: query.params, duration: [0, 0] } as any) : null
    return run(connection, report)
  } finally {
    pool.releaseConnection(connection)
  }
}

type Report = ((query: Sql) => void) | null

interface Prepared {
  statements: Map<string, Statement>
  transaction: { immediate: (program: () => SqlProgram<unknown>, report: Report) => unknown }
}

/**
 * better-sqlite3's transaction wrapper and prepared statements, made once
 * per connection (knex prepares every statement again). Statement texts are
 * constants, or vary only with the number of purchase lines (≤ 200).
 */
const preparedByConnection = new WeakMap<Database, Prepared>()

function preparedOf(connection: Database): Prepared {
  let prepared = preparedByConnection.get(connection)
  if (!prepared) {
    const statements = new Map<string, Statement>()
    const transaction = connection.transaction((program: () => SqlProgram<unknown>, report: Report) => drive(connection, statements, program(), report))
    prepared = { statements, transaction }
    preparedByConnection.set(connection, prepared)
  }
  return prepared
}

function drive<T>(connection: Database, statements: Map<string, Statement>, program: SqlProgram<T>, report: Report): T {
  let step = program.next()
  while (!step.done) {
    const query = step.value
    let statement = statements.get(query.text)
    if (!statement) statements.set(query.text, (statement = connection.prepare(query.text)))
    const rows = statement.reader ? (statement.all(query.params) as Row[]) : (statement.run(query.params), [])
    report?.(query)
    step = program.next(rows)
  }
  return step.value
}
