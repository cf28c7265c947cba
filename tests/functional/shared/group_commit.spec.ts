import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { runOnSqlite, sql, type SqlProgram } from '#shared/sql_program'
import { unique } from '#tests/helpers/factories'

const onSqlite = () => process.env.DB_CONNECTION !== 'pg'

function* insertKey(scope: string, key: string, fail = false): SqlProgram<string> {
  yield sql('INSERT INTO idempotency_keys (scope, "key", request_hash, state, created_at) VALUES (?, ?, ?, ?, ?)', [scope, key, 'h', 'done', new Date().toISOString()])
  if (fail) throw new Error(`program ${key} failed`)
  return key
}

const keysOf = async (scope: string) => (await db.from('idempotency_keys').where('scope', scope).orderBy('key')).map((row) => row.key)

/** SQLite writes queued in one turn of the event loop share one transaction, each in its own savepoint. */
test.group('SQLite group commit', () => {
  test('a failing program is rolled back alone; the others of its batch are committed', async ({ assert }) => {
    const scope = `group-${unique()}`
    const results = await Promise.allSettled([
      runOnSqlite(() => insertKey(scope, 'a')),
      runOnSqlite(() => insertKey(scope, 'b', true)),
      runOnSqlite(() => insertKey(scope, 'c')),
    ])
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled']
    )
    assert.equal((results[1] as PromiseRejectedResult).reason.message, 'program b failed')
    assert.deepEqual(await keysOf(scope), ['a', 'c'])
  }).skip(!onSqlite(), 'group commit is the SQLite write path; Postgres commits per transaction')

  test('a unique violation inside a batch fails only its program; later programs see the earlier ones', async ({ assert }) => {
    const scope = `group-${unique()}`
    const first = runOnSqlite(() => insertKey(scope, 'same'))
    const second = runOnSqlite(() => insertKey(scope, 'same'))
    const third = runOnSqlite(function* () {
      const rows = yield sql('SELECT count(*) AS n FROM idempotency_keys WHERE scope = ?', [scope])
      return Number(rows[0].n)
    })
    assert.equal(await first, 'same')
    await assert.rejects(() => second, /UNIQUE/)
    // The third program saw the first one's row: same transaction, after its savepoint was released.
    assert.equal(await third, 1)
    assert.deepEqual(await keysOf(scope), ['same'])
  }).skip(!onSqlite(), 'group commit is the SQLite write path; Postgres commits per transaction')
})
