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
  /** An INSERT, UPDATE or DELETE without RETURNING, touching rows no other pending write touches. */
  deferred?: boolean
  /** Needs no pending write's effect: on Postgres it travels in the same statement as them. */
  together?: boolean
  /** Postgres only: a named data-modifying step the statement reads from (`WITH name AS (…)`). */
  step?: { name: string; text: string; params: Sql['params'] }
  /** A text that varies with its number of rows: prepared for this run only, never cached. */
  once?: boolean
}

export type Row = Record<string, unknown>
export type SqlProgram<T> = Generator<Sql, T, Row[]>

export function sql(text: string, params: Sql['params'] = []): Sql {
  return { text, params }
}

export function later(text: string, params: Sql['params'] = []): Sql {
  return { text, params, deferred: true }
}

/**
 * A statement over many rows at once (`INSERT … VALUES (…), (…)`, see
 * `rowsOf`): one round trip for a whole batch. Its text varies with the
 * number of rows, so it is not kept among the prepared statements.
 */
export function sqlRows(text: string, params: Sql['params'] = []): Sql {
  return { text, params, once: true }
}

/** `(?, ?), (?, ?)`: the VALUES list of `rows` rows of `columns` placeholders. */
export function rowsOf(rows: number, columns: number) {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`
  return Array.from({ length: rows }, () => row).join(', ')
}

/**
 * Postgres only: a deferred write that reads what a data-modifying step
 * returns, e.g. a purchase's lines from the purchase INSERT … RETURNING id,
 * in one statement (SQLite has no data-modifying WITH: use RETURNING there).
 */
export function laterAfterStep(step: NonNullable<Sql['step']>, text: string, params: Sql['params'] = []): Sql {
  return { text, params, deferred: true, step }
}

/**
 * A statement whose result the program needs but which does not depend on
 * the pending `later()` writes (reads of other rows, an INSERT of new
 * rows): on Postgres the pending writes and it make one round trip.
 */
export function sqlTogether(text: string, params: Sql['params'] = []): Sql {
  return { text, params, together: true }
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

/**
 * Runs a write program in a transaction of its own, by the database's fast
 * path: SQLite's group-committed `BEGIN IMMEDIATE`, or a Postgres
 * transaction with named prepared statements and a bounded lock wait.
 */
export function write<T>(program: (dialect: string) => SqlProgram<T>, { lockTimeoutMs = 5000 }: { lockTimeoutMs?: number } = {}): Promise<T> {
  const dialect = db.connection().dialect.name
  if (dialect === 'better-sqlite3') return runOnSqlite(() => program(dialect))
  return runOnPostgres(() => program(dialect), { lockTimeoutMs })
}

/**
 * One write statement on its own: on Postgres in autocommit (a named
 * prepared statement, no BEGIN and COMMIT round trips), on SQLite in the
 * group commit. For a statement whose effect alone must be durable.
 */
export async function writeAlone(query: Sql): Promise<Row[]> {
  const client = db.connection()
  if (client.dialect.name === 'better-sqlite3') {
    return runOnSqlite(function* (): SqlProgram<Row[]> {
      return yield query
    })
  }
  const pool = client.getWriteClient().client
  const connection: PgConnection = await pool.acquireConnection()
  try {
    reporterOf(client, false)?.(query)
    return (await connection.query({ ...namedStatementOf(query.text), values: query.params })).rows
  } finally {
    pool.releaseConnection(connection)
  }
}

export async function runOn<T>(trx: TransactionClientContract | QueryClientContract, program: SqlProgram<T>): Promise<T> {
  const pending: Sql[] = []
  let step = program.next()
  while (!step.done) {
    if (step.value.deferred && trx.dialect.name === 'postgres') {
      // (A step-carrying write only exists on Postgres.)
      pending.push(step.value)
      step = program.next([])
      continue
    }
    if (pending.length > 0 && step.value.together && trx.dialect.name === 'postgres') {
      step = program.next(await execute(trx, combined([...pending.splice(0), step.value])))
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
  const result = await trx.rawQuery(query.text, query.params as Array<string | number>)
  return Array.isArray(result) ? result : (result?.rows ?? [])
}

/**
 * Postgres runs data-modifying statements inside WITH, all on one snapshot
 * (hence: no two pending writes on the same rows): one round trip.
 */
function combined(queries: Sql[]): Sql {
  if (queries.length === 1 && !queries[0].step) return queries[0]
  const last = queries[queries.length - 1]
  const steps = queries.filter((query) => query.step).map((query) => query.step!)
  const ctes = [...steps.map((step) => `${step.name} AS (${step.text})`), ...queries.slice(0, -1).map((query, index) => `w${index} AS (${query.text})`)]
  return {
    text: `WITH ${ctes.join(', ')} ${last.text}`,
    params: [...steps.flatMap((step) => step.params), ...queries.flatMap((query) => query.params)],
    once: queries.some((query) => query.once),
  }
}

/**
 * Postgres' hot path: the program in one transaction on a raw `pg`
 * connection from Lucid's pool, each statement a named prepared statement
 * (parsed and planned once per connection, where knex sends every
 * statement to be parsed again). `lockTimeoutMs` bounds any lock wait in
 * the transaction (SQLSTATE 55P03 when exceeded).
 */
export async function runOnPostgres<T>(program: () => SqlProgram<T>, { lockTimeoutMs }: { lockTimeoutMs: number }): Promise<T> {
  const client = db.connection()
  const pool = client.getWriteClient().client
  const connection: PgConnection = await pool.acquireConnection()
  const report = reporterOf(client, true)
  try {
    await connection.query(`BEGIN; SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`)
    const value = await drivePostgres(connection, program(), report)
    await connection.query('COMMIT')
    return value
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    pool.releaseConnection(connection)
  }
}

interface PgConnection {
  query(text: string): Promise<unknown>
  query(config: { name?: string; text: string; values: Sql['params'] }): Promise<{ rows: Row[] }>
}

async function drivePostgres<T>(connection: PgConnection, program: SqlProgram<T>, report: Report): Promise<T> {
  const pending: Sql[] = []
  const send = async (query: Sql) => {
    report?.(query)
    const statement = query.once ? { text: placeholdersOf(query.text) } : namedStatementOf(query.text)
    return (await connection.query({ ...statement, values: query.params })).rows
  }
  let step = program.next()
  while (!step.done) {
    if (step.value.deferred) {
      pending.push(step.value)
      step = program.next([])
      continue
    }
    if (pending.length > 0 && step.value.together) {
      step = program.next(await send(combined([...pending.splice(0), step.value])))
      continue
    }
    if (pending.length > 0) await send(combined(pending.splice(0)))
    step = program.next(await send(step.value))
  }
  if (pending.length > 0) await send(combined(pending))
  return step.value
}

/** `?` placeholders become `$n`; the name is stable per text, so each connection prepares it once. */
const namedStatements = new Map<string, { name: string; text: string }>()

function namedStatementOf(text: string) {
  let statement = namedStatements.get(text)
  if (!statement) {
    statement = { name: `comptoir_${namedStatements.size + 1}`, text: placeholdersOf(text) }
    namedStatements.set(text, statement)
  }
  return statement
}

function placeholdersOf(text: string) {
  let position = 0
  return text.replace(/\?/g, () => `$${++position}`)
}

/**
 * Runs the program in a `BEGIN IMMEDIATE` write transaction on the pool's
 * raw connection, never awaiting while it is held; the promise settles
 * after the COMMIT, so an answer is only ever sent for a durable write.
 *
 * Group commit: programs queued during one turn of the event loop share
 * one transaction and so one fsync (with synchronous=FULL the fsync, not
 * the SQL, bounds a single writer). Each runs inside its own SAVEPOINT: a
 * program that throws is rolled back alone and its caller gets the error;
 * the others commit.
 */
export function runOnSqlite<T>(program: () => SqlProgram<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pendingWrites.push({ program, resolve: resolve as (value: unknown) => void, reject })
    if (!flushScheduled) {
      flushScheduled = true
      setImmediate(flushWrites)
    }
  })
}

interface QueuedWrite {
  program: () => SqlProgram<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

let pendingWrites: QueuedWrite[] = []
let flushScheduled = false

async function flushWrites() {
  let batch: QueuedWrite[] = []
  try {
    await withRawConnection(db.connection(), true, (connection, report) => {
      // Taken once the connection is ours: whatever queued while waiting joins this batch.
      batch = takePendingWrites()
      commitInGroups(connection, batch, report)
    })
  } catch (error) {
    // No connection, or even ROLLBACK failed: fail whatever is unsettled (a promise settles once).
    for (const write of [...batch, ...takePendingWrites()]) write.reject(error)
  }
}

function takePendingWrites() {
  const taken = pendingWrites
  pendingWrites = []
  flushScheduled = false
  return taken
}

type Settled = { write: QueuedWrite; ok: boolean; value: unknown }

/**
 * Runs the batch in as few transactions as possible. An error that ends
 * the whole transaction (SQLite rolls back by itself on a full disk or an
 * I/O error) fails every program of that transaction; the rest go on in
 * the next one.
 */
function commitInGroups(connection: Database, batch: QueuedWrite[], report: Report) {
  const { statements, control } = preparedOf(connection)
  let next = 0
  while (next < batch.length) {
    const settled: Settled[] = []
    try {
      control.begin.run()
      while (next < batch.length) {
        const write = batch[next++]
        control.savepoint.run()
        try {
          settled.push({ write, ok: true, value: drive(connection, statements, write.program(), report) })
          control.release.run()
        } catch (error) {
          settled.push({ write, ok: false, value: error })
          if (!connection.inTransaction) throw error
          control.rollbackToSavepoint.run()
          control.release.run()
        }
      }
      control.commit.run()
    } catch (error) {
      if (connection.inTransaction) control.rollback.run()
      // Nothing of this transaction is stored. BEGIN itself failing (busy) fails the rest of the batch.
      const failed = settled.length > 0 ? settled.map((entry) => entry.write) : batch.splice(next)
      for (const write of failed) write.reject(settled.find((entry) => entry.write === write && !entry.ok)?.value ?? error)
      continue
    }
    for (const entry of settled) (entry.ok ? entry.write.resolve : entry.write.reject)(entry.value)
  }
}

async function withRawConnection<T>(client: QueryClientContract, inTransaction: boolean, run: (connection: Database, report: Report) => T): Promise<T> {
  const pool = client.getWriteClient().client
  const connection: Database = await pool.acquireConnection()
  try {
    return run(connection, reporterOf(client, inTransaction))
  } finally {
    pool.releaseConnection(connection)
  }
}

type Report = ((query: Sql) => void) | null

/** Same `db:query` events as Lucid's own queries, when debugging (tests count statements). */
function reporterOf(client: QueryClientContract, inTransaction: boolean): Report {
  if (!client.debug || !client.emitter.hasListeners('db:query')) return null
  return (query: Sql) => client.emitter.emit('db:query', { connection: client.connectionName, inTransaction, sql: query.text, bindings: query.params, duration: [0, 0] } as any)
}

interface Prepared {
  statements: Map<string, Statement>
  control: Record<'begin' | 'savepoint' | 'release' | 'rollbackToSavepoint' | 'commit' | 'rollback', Statement>
}

/**
 * Transaction control and the programs' prepared statements, made once
 * per connection (knex prepares every statement again). Statement texts are
 * constants, or vary only with the number of purchase lines (≤ 200).
 */
const preparedByConnection = new WeakMap<Database, Prepared>()

function preparedOf(connection: Database): Prepared {
  let prepared = preparedByConnection.get(connection)
  if (!prepared) {
    const control = {
      begin: connection.prepare('BEGIN IMMEDIATE'),
      savepoint: connection.prepare('SAVEPOINT program'),
      release: connection.prepare('RELEASE program'),
      rollbackToSavepoint: connection.prepare('ROLLBACK TO program'),
      commit: connection.prepare('COMMIT'),
      rollback: connection.prepare('ROLLBACK'),
    }
    prepared = { statements: new Map(), control }
    preparedByConnection.set(connection, prepared)
  }
  return prepared
}

function drive<T>(connection: Database, statements: Map<string, Statement>, program: SqlProgram<T>, report: Report): T {
  let step = program.next()
  while (!step.done) {
    const query = step.value
    let statement = statements.get(query.text)
    if (!statement) {
      statement = connection.prepare(query.text)
      if (!query.once) statements.set(query.text, statement)
    }
    const rows = statement.reader ? (statement.all(query.params) as Row[]) : (statement.run(query.params), [])
    report?.(query)
    step = program.next(rows)
  }
  return step.value
}
