import type { HttpContext } from '@adonisjs/core/http'
import { posErrors } from '#pos/errors'
import { acceptJsonBody } from '#pos/request_guards'
import { recordPosPurchase } from '#pos/record_pos_purchase'
import { previewPurchase } from '#pos/preview_purchase'
import { requestHash, validIdempotencyKey } from '#pos/idempotency'

/** POS API v1 purchases: every write is idempotent per token and Idempotency-Key. */
export default class PosPurchasesController {
  async store({ request, response, auth }: HttpContext) {
    const body = acceptJsonBody(request)
    const key = validIdempotencyKey(request.header('idempotency-key'))
    if (!key) throw posErrors.keyMissing()
    const store = auth.use('api').user!
    const tokenId = Number(store.currentAccessToken.identifier)
    const answer = await recordPosPurchase({
      store,
      tokenId,
      body,
      request: { scope: `pos-token:${tokenId}`, key, hash: requestHash(request.method(), request.url(), body) },
    })
    if (answer.replayed) response.header('Idempotent-Replayed', 'true')
    // The stored text itself, never a re-serialisation: replays are byte-identical.
    return response.status(answer.status).header('Content-Type', 'application/json; charset=utf-8').send(answer.text)
  }

  /** What the basket would earn; nothing stored, so no Idempotency-Key. */
  async preview({ request, response, auth }: HttpContext) {
    const body = acceptJsonBody(request)
    return response.send(await previewPurchase(auth.use('api').user!, body))
  }
}
