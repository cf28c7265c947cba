import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { DuplicateCustomerError } from '#customers/errors'
import { formatPhone } from '#customers/phone'
import { cardQrSvg } from '#privacy/portal/card_qr'
import { pendingEmailChangeOf, requestEmailChange } from '#privacy/portal/email_change'
import { portalCustomerOf, type PortalCustomer } from '#privacy/portal/portal_session'
import { renderPortal } from '#privacy/portal/portal_page'
import { changesOf, formValues, PROFILE_FORM_FIELDS, readProfileForm, type FieldErrors } from '#privacy/portal/profile_form'
import { rectifyProfile, type Rectification } from '#privacy/portal/rectify_profile'
import { formatDateTime } from '#shared/format'
import { consumeQuota, type Quota } from '#shared/rate_limit'

/** Links mailed to new addresses, per customer: a correction now and then, not a mail cannon. */
const EMAIL_CHANGES_PER_CUSTOMER: Quota = { requests: 5, durationSeconds: 3600 }

/** `/portal/card` and `/portal/profile`: the card to show at the counter, and the customer's own corrections (Art. 16). */
export default class PortalProfileController {
  async card(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const qr = await cardQrSvg(customer.cardCode, ctx.i18n.t('portal_profile.card.qr_label', { code: customer.cardCode }))
    return renderPortal(ctx, 'privacy/portal/card', { customer, qr })
  }

  async edit(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    return showForm(ctx, customer, formValues(await storedProfileOf(customer.id)), {})
  }

  async update(ctx: HttpContext) {
    const { request, response, i18n } = ctx
    const customer = await portalCustomerOf(ctx)
    if (!customer) return response.redirect('/portal/sign-in')
    const raw = request.only([...PROFILE_FORM_FIELDS])
    const form = await readProfileForm(raw, i18n)
    if ('errors' in form) return showForm(ctx, customer, formValues(raw), form.errors, 422)
    const stored = await storedProfileOf(customer.id)
    const newEmail = form.input.email !== stored.email ? form.input.email! : null
    if (newEmail && !(await consumeQuota(`portal-email-change:${customer.publicId}`, EMAIL_CHANGES_PER_CUSTOMER)).allowed) {
      return showForm(ctx, customer, formValues(raw), { email: [i18n.t('portal_profile.errors.too_many_changes')] }, 429)
    }
    const userAgent = request.header('user-agent') ?? null
    const rectified = await rectifyProfile({ customerId: customer.id, changes: changesOf(form.input), newEmail, timezone: customer.timezone, ip: request.ip(), userAgent }).catch((error) => {
      if (error instanceof DuplicateCustomerError) return { duplicate: error.field }
      throw error
    })
    if ('duplicate' in rectified) return showForm(ctx, customer, formValues(raw), { [rectified.duplicate]: [i18n.t(`portal_profile.errors.duplicate_${rectified.duplicate}`)] }, 422)
    const sent = newEmail ? await requestEmailChange(customer.id, newEmail, request.ip()) : null
    flashOutcome(ctx, rectified, newEmail, sent)
    return response.redirect('/portal/profile')
  }
}

/** The profile as stored, keyed like the form (the phone as people read it). */
async function storedProfileOf(customerId: number) {
  const row = await db.from('customers').where('id', customerId).select('first_name', 'last_name', 'email', 'phone_e164', 'birth_day', 'birth_month', 'birth_year', 'locale').firstOrFail()
  return { ...row, phone: formatPhone(row.phone_e164) }
}

async function showForm(ctx: HttpContext, customer: PortalCustomer, values: Record<string, string>, errors: FieldErrors, status = 200) {
  const pending = await pendingEmailChangeOf(customer.id)
  return renderPortal(
    ctx,
    'privacy/portal/profile',
    { customer, values, errors, pending: pending && { email: pending.email, until: formatDateTime(pending.expiresAt, customer.timezone, ctx.i18n.locale) } },
    status
  )
}

/** What the redirect tells: saved or not, the link sent (or not), consents withdrawn for age. */
function flashOutcome({ session, i18n }: HttpContext, rectified: Rectification, newEmail: string | null, sent: boolean | null) {
  const notes: string[] = []
  if (rectified.changed.length > 0) notes.push(i18n.t('portal_profile.profile.saved'))
  if (newEmail && sent) notes.push(i18n.t('portal_profile.profile.email_link_sent', { email: newEmail }))
  if (rectified.withdrawn.length > 0) notes.push(i18n.t('portal_profile.profile.consents_withdrawn'))
  if (notes.length === 0 && sent !== false) notes.push(i18n.t('portal_profile.profile.unchanged'))
  if (notes.length > 0) session.flash('success', notes.join(' '))
  if (sent === false) session.flash('error', i18n.t('portal_profile.profile.email_not_sent'))
}
