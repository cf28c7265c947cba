import type { HttpContext } from '@adonisjs/core/http'
import { posErrors } from '#pos/errors'
import { acceptJsonBody } from '#pos/request_guards'
import { requestHash, runIdempotently, validIdempotencyKey, refusalOf, type Outcome } from '#pos/idempotency'
import { signalOutbox } from '#shared/outbox'
import type { SqlProgram } from '#shared/sql_program'
import type Store from '#stores/models/store'

export interface PosWrite {
  store: Store
  tokenId: number
  body: unknown
}

/**
 * A POS write other than a sale (redemptions, refunds): JSON body, key
 * required, `prepare` validates outside the transaction (a refusal is
 * stored under the key too), then `run` is the SQL program run once per key.
 */
export async function idempotentWrite<T>(
  { request, response, auth }: HttpContext,
  prepare: (write: PosWrite) => Promise<T>,
  run: (prepared: T, dialect: string) => SqlProgram<Outcome>
) {
  const body = acceptJsonBody(request)
  const key = validIdempotencyKey(request.header('idempotency-key'))
  if (!key) throw posErrors.keyMissing()
  const store = auth.use('api').user!
  const tokenId = Number(store.currentAccessToken.identifier)
  const prepared = await prepare({ store, tokenId, body }).then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, outcome: refusalOf(error) })
  )
  const answer = await runIdempotently({ scope: `pos-token:${tokenId}`, key, hash: requestHash(request.method(), request.url(), body) }, (dialect) =>
    prepared.ok ? run(prepared.value, dialect) : stored(prepared.outcome)
  )
  if (answer.status === 201 && !answer.replayed) signalOutbox()
  if (answer.replayed) response.header('Idempotent-Replayed', 'true')
  return response.status(answer.status).header('Content-Type', 'application/json; charset=utf-8').send(answer.text)
}

function* stored(outcome: Outcome): SqlProgram<Outcome> {
  return outcome
}

/** A refusal decided inside the program, in the API's error shape. */
export function refusalBody(refusal: { status: number; code: string; field?: string; message: string }): Outcome {
  const item: Record<string, string> = { code: refusal.code, message: refusal.message }
  if (refusal.field) item.field = refusal.field
  return { status: refusal.status, body: { errors: [item] } }
}
