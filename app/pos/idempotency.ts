import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { apiErrorBody } from '#shared/api_errors'
import { dbInstant } from '#shared/db_time'
import { later, sql, write, type SqlProgram } from '#shared/sql_program'
import { posErrors } from '#pos/errors'

/**
 * Idempotent POS writes (invariant 3, R64), per token (scope) and
 * Idempotency-Key. The key row and the write share ONE transaction: the row
 * is inserted first (`ON CONFLICT DO NOTHING`), the handler runs, the
 * answer is stored, one commit. So a crash never leaves a committed sale
 * without its stored answer, nor a stale "processing" row. A duplicate
 * arriving meanwhile waits on the unique index (Postgres, at most
 * LOCK_WAIT_MS, then 409) or for the single connection (SQLite), then
 * replays the stored answer. 4xx answers are stored and replayed; a 5xx
 * rolls everything back, so a retry runs again.
 *
 * The handler is a SQL program (app/shared/sql_program.ts): on SQLite the
 * claim, the write and the stored answer run synchronously in one
 * transaction on the raw connection; on Postgres, statement by statement.
 */
export interface IdempotentRequest {
  scope: string
  key: string
  hash: string
}

export interface StoredAnswer {
  status: number
  /** The exact JSON text sent the first time, replayed byte for byte. */
  text: string
  replayed: boolean
}

export type Outcome = { status: number; body: unknown }

const LOCK_WAIT_MS = 2000
const POLL_MS = 50
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

class KeyTaken extends Error {}

export function validIdempotencyKey(header: string | undefined | null) {
  return typeof header === 'string' && KEY_PATTERN.test(header) ? header : null
}

/** SHA-256 of method, path and the body as canonical JSON (keys sorted at every level). */
export function requestHash(method: string, path: string, body: unknown) {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex')
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export type IdempotentHandler = (dialect: string) => SqlProgram<Outcome>

export async function runIdempotently(request: IdempotentRequest, handler: IdempotentHandler): Promise<StoredAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(request, handler)
    } catch (error) {
      if (error instanceof KeyTaken) {
        const stored = await waitForStoredAnswer(request)
        if (stored) return stored
      } else if (isLockTimeout(error)) {
        throw posErrors.keyInProgress()
      } else if (!(isUniqueViolation(error) && attempt === 0)) {
        throw error
      }
      // A concurrent write won a unique index (or rolled back): run again once more.
      if (attempt >= 2) throw posErrors.keyInProgress()
    }
  }
}

function runOnce(request: IdempotentRequest, handler: IdempotentHandler) {
  return write((dialect) => claimAndRun(request, handler, dialect), { lockTimeoutMs: LOCK_WAIT_MS })
}

function* claimAndRun(request: IdempotentRequest, handler: IdempotentHandler, dialect: string): SqlProgram<StoredAnswer> {
  if (dialect === 'better-sqlite3') return yield* runThenRecord(request, handler, dialect)
  const id = yield* claimKey(request, dialect)
  if (id === null) throw new KeyTaken()
  const outcome = yield* handler(dialect)
  const text = JSON.stringify(outcome.body)
  yield later('UPDATE idempotency_keys SET state = ?, response_status = ?, response_body = ?, completed_at = ? WHERE id = ?', ['done', outcome.status, text, dbInstant(new Date(), dialect), id])
  return { status: outcome.status, text, replayed: false }
}

/**
 * SQLite: the program runs alone on the only connection, so nobody can
 * see a claim before the commit anyway. The key is written once, at the
 * end, with its answer; if it is already there, the program is rolled
 * back (KeyTaken) and the stored answer replayed. One statement less.
 */
function* runThenRecord(request: IdempotentRequest, handler: IdempotentHandler, dialect: string): SqlProgram<StoredAnswer> {
  const outcome = yield* handler(dialect)
  const text = JSON.stringify(outcome.body)
  const now = dbInstant(new Date(), dialect)
  const rows = yield sql(
    'INSERT INTO idempotency_keys (scope, "key", request_hash, state, response_status, response_body, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, "key") DO NOTHING RETURNING id',
    [request.scope, request.key, request.hash, 'done', outcome.status, text, now, now]
  )
  if (rows.length === 0) throw new KeyTaken()
  return { status: outcome.status, text, replayed: false }
}

/** Inserts the `processing` row; null when the key already exists (committed by another request). */
function* claimKey(request: IdempotentRequest, dialect: string): SqlProgram<number | null> {
  const rows = yield sql(
    'INSERT INTO idempotency_keys (scope, "key", request_hash, state, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, "key") DO NOTHING RETURNING id',
    [request.scope, request.key, request.hash, 'processing', dbInstant(new Date(), dialect)]
  )
  return rows.length > 0 ? Number(rows[0].id) : null
}

/** A refusal (4xx) is an answer to store; anything else is thrown (and rolls the transaction back). */
export function refusalOf(error: unknown): Outcome {
  const { status, body } = apiErrorBody(error)
  if (status >= 500) throw error
  return { status, body }
}

/**
 * The key exists: same request → its stored answer; different request →
 * 422. A row still `processing` (written by an older, two-phase version or
 * another process mid-flight) is polled for up to LOCK_WAIT_MS, then 409.
 * null: the row vanished (its request failed), so the caller runs again.
 */
async function waitForStoredAnswer(request: IdempotentRequest): Promise<StoredAnswer | null> {
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    const row = await db.from('idempotency_keys').where({ scope: request.scope, key: request.key }).first()
    if (!row) return null
    if (row.request_hash !== request.hash) throw posErrors.keyReused()
    if (row.state === 'done') return { status: Number(row.response_status), text: String(row.response_body), replayed: true }
    if (Date.now() > deadline) throw posErrors.keyInProgress()
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function isLockTimeout(error: unknown) {
  const err = error as { name?: string; code?: string }
  return err?.code === '55P03'
}

export function isUniqueViolation(error: unknown) {
  const err = error as { code?: string }
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE'
}
