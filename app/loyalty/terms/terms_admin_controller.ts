import type { HttpContext } from '@adonisjs/core/http'
import vine, { errors as vineErrors } from '@vinejs/vine'
import { DateTime } from 'luxon'
import Store from '#stores/models/store'
import { formatDate } from '#shared/format'
import { publishTerms } from '#loyalty/terms/publish_terms'
import { termsAdminState } from '#loyalty/terms/terms_admin'

const publishValidator = vine.compile(
  vine.object({
    effective_on: vine.date({ formats: ['YYYY-MM-DD'] }),
    changes: vine.string().trim().maxLength(1000).optional(),
  })
)

/**
 * `/admin/loyalty/terms` (owner): the terms in force, the configuration's
 * drift from them, and publishing the next version from a chosen day.
 */
export default class TermsAdminController {
  async show(ctx: HttpContext) {
    return this.render(ctx, 200, { effective_on: null, changes: '' }, {})
  }

  async store(ctx: HttpContext) {
    const form = { effective_on: ctx.request.input('effective_on'), changes: ctx.request.input('changes') }
    const timezone = (await Store.defaultStore())?.timezone ?? 'Europe/Paris'
    try {
      const input = await publishValidator.validate(form)
      const published = await publishTerms({
        effectiveOn: DateTime.fromJSDate(input.effective_on),
        changes: input.changes || null,
        staffMemberId: ctx.auth.use('web').user!.id,
        ip: ctx.request.ip(),
        timezone,
      })
      ctx.session.flash('success', ctx.i18n.t('terms.admin.published', { version: published.version, date: formatDate(published.effectiveFrom, timezone, ctx.i18n.locale) }))
      return ctx.response.redirect('/admin/loyalty/terms')
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const errors = Object.fromEntries((error.messages as Array<{ field: string; rule: string; meta?: { version?: number } }>).map((message) => [message.field, errorText(ctx, message)]))
      return this.render(ctx, 422, { effective_on: typeof form.effective_on === 'string' ? form.effective_on : null, changes: typeof form.changes === 'string' ? form.changes : '' }, errors)
    }
  }

  protected async render(ctx: HttpContext, status: number, form: { effective_on: string | null; changes: string }, errors: Record<string, string>) {
    const state = await termsAdminState(ctx.i18n)
    const html = await ctx.view.render('loyalty/terms/admin', { ...state, form: { effective_on: form.effective_on ?? state.suggestedDay, changes: form.changes }, errors })
    return ctx.response.status(status).send(html)
  }
}

/** The operation's and VineJS's refusals in the owner's language: one sentence per field and rule. */
function errorText({ i18n }: HttpContext, message: { field: string; rule: string }) {
  const known = ['effective_on.after_or_equal', 'effective_on.unchanged', 'changes.required', 'changes.maxLength']
  const key = known.includes(`${message.field}.${message.rule}`) ? `${message.field}_${message.rule}` : message.field
  return i18n.t(`terms.admin.errors.${key}`)
}
