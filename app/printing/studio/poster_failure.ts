import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import { errors as vineErrors } from '@vinejs/vine'
import { ChromiumMissingError, PdfBusyError, PdfTimeoutError } from '#printing/pdf_renderer'
import { PosterRefused } from '#printing/posters/poster_refused'
import { errorsByField, type StudioChoice } from '#printing/studio/studio_query'

/** Why the studio could not show or print a poster: a status, one message for the owner, the fields at fault. */
export interface PosterFailure {
  status: 422 | 503
  message: string
  errors: Record<string, string[]>
  retryAfterSeconds?: number
}

/** What the query validator found, as one failure. */
export function invalidChoice(errors: Record<string, string[]>, i18n: I18n): PosterFailure {
  return { status: 422, message: [i18n.t('printing_studio.invalid'), ...Object.values(errors).flat()].join(' '), errors }
}

/**
 * A poster refused (its template, store, format, language, or the offer's
 * fields), or a printer that cannot print right now; null for anything
 * else, which stays a server error.
 */
export function posterFailure(error: unknown, choice: StudioChoice, i18n: I18n): PosterFailure | null {
  if (error instanceof PosterRefused) return { status: 422, message: refusalMessage(error, choice, i18n), errors: {} }
  // The member-price offer's own check: its fields are named as the studio's (product, price, member_price, details, until).
  if (error instanceof vineErrors.E_VALIDATION_ERROR) return invalidChoice(errorsByField(error.messages), i18n)
  if (error instanceof PdfBusyError) return { status: 503, message: i18n.t('printing_studio.busy'), errors: {}, retryAfterSeconds: error.retryAfterSeconds }
  if (error instanceof PdfTimeoutError) return { status: 503, message: i18n.t('printing_studio.timeout'), errors: {}, retryAfterSeconds: 30 }
  if (error instanceof ChromiumMissingError) return { status: 503, message: i18n.t('printing_studio.chromium_missing', { path: error.executablePath }), errors: {} }
  return null
}

/** The image and PDF routes' answer to a failure: its status and message as plain text, never cached. */
export function sendFailure(response: HttpContext['response'], failure: PosterFailure) {
  if (failure.retryAfterSeconds) response.header('Retry-After', String(failure.retryAfterSeconds))
  return response.status(failure.status).header('Cache-Control', 'no-store').header('Content-Type', 'text/plain; charset=utf-8').send(failure.message)
}

/** Runs what prints; a failure it raises is answered with sendFailure, anything else stays a server error. */
export async function orFailure<T>(response: HttpContext['response'], choice: StudioChoice, i18n: I18n, work: () => Promise<T>) {
  try {
    return await work()
  } catch (error) {
    const failure = posterFailure(error, choice, i18n)
    if (!failure) throw error
    return sendFailure(response, failure)
  }
}

/** The refusal in the owner's language, by reason; a reason the studio has no words for yet keeps the poster code's own. */
function refusalMessage(error: PosterRefused, choice: StudioChoice, i18n: I18n) {
  const key = `printing_studio.refused.${error.reason === 'unknown_store' && !choice.store ? 'no_store' : error.reason}`
  if (!i18n.hasMessage(key) && !i18n.hasFallbackMessage(key)) return error.message
  return i18n.t(key, { template: choice.template ?? '', store: choice.store ?? '', format: choice.format ?? '', locale: choice.locale ?? '' })
}
