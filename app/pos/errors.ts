import { Exception } from '@adonisjs/core/exceptions'

/**
 * A refusal of the POS API with a stable code. The exception handler turns
 * it into `{ errors: [{ code, field?, message }] }` with its status.
 */
export class PosError extends Exception {
  constructor(
    status: number,
    code: string,
    message: string,
    public field?: string
  ) {
    super(message, { status, code })
  }
}

export const posErrors = {
  unauthorized: () => new PosError(401, 'E_UNAUTHORIZED', 'A valid bearer token is required'),
  unsupportedMediaType: () => new PosError(415, 'E_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'),
  cardData: (field: string) =>
    new PosError(422, 'E_CARD_DATA_REFUSED', 'Payment card data is refused: never send card numbers or security codes', field),
  tooDeep: () => new PosError(422, 'E_BODY_TOO_DEEP', 'The JSON body is nested too deeply'),
  keyMissing: () =>
    new PosError(422, 'E_IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is required (1 to 255 printable characters)', 'Idempotency-Key'),
  keyReused: () =>
    new PosError(422, 'E_IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request', 'Idempotency-Key'),
  keyInProgress: () =>
    new PosError(409, 'E_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry later', 'Idempotency-Key'),
  customerNotFound: (field?: string) => new PosError(404, 'E_CUSTOMER_NOT_FOUND', 'No customer matches this identifier', field),
  purchaseNotFound: () => new PosError(404, 'E_PURCHASE_NOT_FOUND', 'No purchase of this store has this id', 'purchase_id'),
  wrongStore: () => new PosError(403, 'E_STORE_FORBIDDEN', 'This token may only record sales for its own store', 'store'),
}
