import type { Request } from '@adonisjs/core/http'
import { posErrors } from '#pos/errors'
import { refuseCardData } from '#pos/card_data'

/**
 * What every POS write checks before anything else: a JSON body (415
 * otherwise) that carries no payment-card data (422, R6).
 */
export function acceptJsonBody(request: Request) {
  if (!request.is(['json'])) throw posErrors.unsupportedMediaType()
  const body = request.body()
  refuseCardData(body)
  return body
}
