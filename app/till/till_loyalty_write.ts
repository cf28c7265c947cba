import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import type { VineValidator } from '@vinejs/vine'
import { fieldMessages } from '#customers/validation'
import { requestHash, runIdempotently, type Outcome } from '#pos/idempotency'
import { PosError } from '#pos/errors'
import { signalOutbox } from '#shared/outbox'
import type { SqlProgram } from '#shared/sql_program'

export type TillAnswer = { ok: true; body: any; replayed: boolean } | { ok: false; code: string; replayed: boolean }

/**
 * A loyalty write sent from a till form (a redemption, a refund), run
 * once per form: the form's one-time token is the idempotency key, per
 * staff member, so a double click, a reload or a retry after a timeout
 * gives the first answer again instead of a second discount.
 */
export async function runTillWrite(ctx: HttpContext, token: string, fields: Record<string, unknown>, program: (dialect: string) => SqlProgram<Outcome>): Promise<TillAnswer> {
  const staffId = ctx.auth.use('web').user!.id
  try {
    const answer = await runIdempotently({ scope: `till-staff:${staffId}`, key: token, hash: requestHash('POST', ctx.request.url(), fields) }, program)
    if (answer.status === 201 && !answer.replayed) signalOutbox()
    const body = JSON.parse(answer.text)
    if (answer.status === 201) return { ok: true, body, replayed: answer.replayed }
    return { ok: false, code: body.errors?.[0]?.code ?? 'E_REFUSED', replayed: answer.replayed }
  } catch (error) {
    // The same form sent again with other values, or still being processed.
    if (error instanceof PosError) return { ok: false, code: String(error.code), replayed: false }
    throw error
  }
}

/**
 * The till's small loyalty forms sit several to a card: a bad value is
 * told in the card's message, not under a field that other forms share.
 * null: refused, the redirect is sent.
 */
export async function validTillForm<T extends VineValidator<any, any>>(ctx: HttpContext, validator: T, back: string): Promise<Awaited<ReturnType<T['validate']>> | null> {
  try {
    return await validator.validate(ctx.request.all(), { messagesProvider: fieldMessages(ctx.i18n) })
  } catch (error) {
    if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
    const [first] = error.messages as Array<{ field: string; message: string }>
    ctx.session.flash('error', ctx.i18n.t('till.invalid_field', { field: ctx.i18n.t(`till.fields.${first.field}`, {}, first.field), message: first.message }))
    ctx.response.redirect(back)
    return null
  }
}
