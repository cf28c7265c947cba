import { AccessToken, AccessTokensLucidUserProvider, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { LucidTokenable } from '@adonisjs/auth/types/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { read, sql, type Row, type SqlProgram } from '#shared/sql_program'

/** "Last used" is shown to the minute; writing it on every request would cost a commit per sale. */
const LAST_USED_PRECISION_MS = 60_000

const TOKEN_COLUMNS = ['id', 'tokenable_id', 'type', 'name', 'hash', 'abilities', 'created_at', 'updated_at', 'last_used_at', 'expires_at']

/**
 * Store tokens for the POS API. Same storage as Adonis' database provider,
 * but the secret is checked before anything is written, and the last-use
 * time is written at most once a minute per token. Read on every POS
 * request, so as one plain SQL query (app/shared/sql_program.ts) that also
 * brings the token's store.
 */
export class PosTokensProvider<Model extends LucidModel> extends DbAccessTokensProvider<Model> {
  async verify(tokenValue: Secret<string>) {
    return (await this.verifyWithOwner(tokenValue))?.token ?? null
  }

  /** The token and its owner's row (the store), or null. */
  async verifyWithOwner(tokenValue: Secret<string>): Promise<{ token: AccessToken; owner: Row } | null> {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded) return null
    const owner = await read(this.withOwner(decoded.identifier))
    if (!owner) return null
    const token = this.dbRowToAccessToken(Object.fromEntries(TOKEN_COLUMNS.map((column) => [column, owner[`token_${column}`]])) as any)
    if (!token.verify(decoded.secret) || token.isExpired()) return null
    const lastUsed = token.lastUsedAt?.getTime() ?? 0
    if (Date.now() - lastUsed >= LAST_USED_PRECISION_MS) {
      token.lastUsedAt = new Date()
      const db = await this.getDb()
      await db.from(this.table).where({ id: token.identifier }).update({ last_used_at: token.lastUsedAt })
    }
    return { token, owner }
  }

  private *withOwner(tokenId: string): SqlProgram<Row | null> {
    const tokenColumns = TOKEN_COLUMNS.map((column) => `t."${column}" AS "token_${column}"`).join(', ')
    const [row] = yield sql(
      `SELECT o.*, ${tokenColumns} FROM "${this.table}" t JOIN "${this.options.tokenableModel.table}" o ON o."id" = t."tokenable_id" WHERE t."id" = ? AND t."type" = ?`,
      [tokenId, this.type]
    )
    return row ?? null
  }
}

/**
 * The API's "user" is the token's store. The guard asks for the token, then
 * for its owner by id: the owner row read with the token is handed over
 * instead of a second query (any row handed over is as fresh as a query).
 */
export class PosStoreUserProvider<Model extends LucidTokenable<'accessTokens'>> extends AccessTokensLucidUserProvider<'accessTokens', Model> {
  #owners = new Map<number, Row>()

  async verifyToken(tokenValue: Secret<string>) {
    const tokens = (await this.getTokensProvider()) as unknown as PosTokensProvider<Model>
    const verified = await tokens.verifyWithOwner(tokenValue)
    if (!verified) return null
    this.#owners.set(Number(verified.token.tokenableId), verified.owner)
    return verified.token
  }

  async findById(identifier: string | number | BigInt) {
    const model = await this.getModel()
    const id = Number(identifier)
    const row = this.#owners.get(id) ?? (await read(rowById(model.table, id)))
    this.#owners.delete(id)
    return row ? this.createUserForGuard(model.$createFromAdapterResult(row) as InstanceType<Model>) : null
  }
}

function* rowById(table: string, id: number): SqlProgram<Row | null> {
  const [row] = yield sql(`SELECT * FROM "${table}" WHERE "id" = ?`, [id])
  return row ?? null
}
