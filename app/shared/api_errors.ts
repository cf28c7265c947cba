import { errors as vineErrors } from '@vinejs/vine'

export interface ApiErrorItem {
  field?: string
  rule?: string
  code?: string
  message: string
}

/**
 * Maps any thrown error to the API's JSON error shape:
 * `{ errors: [{ field?, rule?, code?, message }] }`. Unknown errors become a
 * generic 500 without internals.
 */
export function apiErrorBody(error: unknown): { status: number; body: { errors: ApiErrorItem[] } } {
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const messages = error.messages as Array<{ field: string; rule: string; message: string }>
    return {
      status: 422,
      body: { errors: messages.map(({ field, rule, message }) => ({ field, rule, message })) },
    }
  }
  const status = statusOf(error)
  if (status >= 500) {
    return { status, body: { errors: [{ code: 'E_INTERNAL', message: 'Internal server error' }] } }
  }
  if (error instanceof SyntaxError) {
    // The parser's own message may quote the body (card data, personal data).
    return { status: 400, body: { errors: [{ code: 'E_INVALID_JSON', message: 'Malformed JSON body' }] } }
  }
  const err = error as { code?: string; message?: string; field?: string }
  const item: ApiErrorItem = { code: err.code, message: err.message ?? 'Request failed' }
  if (err.field) item.field = err.field
  return { status, body: { errors: [item] } }
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown })?.status
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}
