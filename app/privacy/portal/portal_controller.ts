import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { emailField, fieldMessages } from '#customers/validation'
import { CONSENT_PURPOSES, type ConsentPurpose } from '#customers/models/consent_record'
import { customerLoyaltyOf } from '#loyalty/customer_balances'
import { liveLink, requestSignIn, signInWithCode, signInWithLink } from '#privacy/portal/portal_sign_in'
import { PORTAL_SESSION_KEY, portalCustomerOf, type PortalCustomer } from '#privacy/portal/portal_session'
import { changeMarketingConsent } from '#privacy/change_consent'
import { wordingOf } from '#privacy/consent_wording'
import { memberTerms } from '#loyalty/terms/member_terms'
import { ageOn, CONSENT_AGE } from '#privacy/join/join_form'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { formatDate, formatDateTime, formatMoney } from '#shared/format'
import { consumeQuota, type Quota } from '#shared/rate_limit'
import { hashSecretToken } from '#shared/secret_token'
import { read } from '#shared/sql_program'
import { renderPortal } from '#privacy/portal/portal_page'

const emailValidator = vine.compile(vine.object({ email: emailField() }))
const consentValidator = vine.compile(vine.object({ purpose: vine.enum(CONSENT_PURPOSES), decision: vine.enum(['grant', 'withdraw'] as const) }))
const codeValidator = vine.compile(vine.object({ email: emailField(), code: vine.string().trim().regex(/^\d{6}$/) }))

/** Codes mailed per device and per address, and guesses per device (R: sign-in rate limited, same answer). */
const MAILS_PER_DEVICE: Quota = { requests: 10, durationSeconds: 3600 }
const MAILS_PER_ADDRESS: Quota = { requests: 5, durationSeconds: 3600 }
const GUESSES_PER_DEVICE: Quota = { requests: 20, durationSeconds: 600 }

/**
 * `/portal`: the customer's own space, without a password. An address gets
 * a 6-digit code and a link by e-mail (single use, 10 minutes, kept hashed);
 * the answer is the same whether or not the address has a card.
 */
export default class PortalController {
  async signInPage(ctx: HttpContext) {
    if (await portalCustomerOf(ctx)) return ctx.response.redirect('/portal')
    return renderPortal(ctx, 'privacy/portal/sign_in', {})
  }

  async requestCode(ctx: HttpContext) {
    const { request, i18n } = ctx
    const { email } = await request.validateUsing(emailValidator, { messagesProvider: fieldMessages(i18n) })
    if (!email) return renderPortal(ctx, 'privacy/portal/sign_in', { error: i18n.t('privacy.join.errors.email_required') }, 422)
    const quotas: Array<[string, Quota]> = [
      [`portal-mail-device:${request.ip()}`, MAILS_PER_DEVICE],
      [`portal-mail-address:${hashSecretToken(email)}`, MAILS_PER_ADDRESS],
    ]
    if (await overQuota(ctx, quotas)) return
    await requestSignIn(email, { ip: request.ip() })
    return renderPortal(ctx, 'privacy/portal/code', { email, sent: true })
  }

  async verifyCode(ctx: HttpContext) {
    const { request, i18n } = ctx
    if (await overQuota(ctx, [[`portal-guess-device:${request.ip()}`, GUESSES_PER_DEVICE]])) return
    const input = await codeValidator.validate(request.only(['email', 'code'])).catch(() => null)
    const customerId = input?.email ? await signInWithCode(input.email, input.code) : null
    if (!customerId) return renderPortal(ctx, 'privacy/portal/code', { email: input?.email ?? String(request.input('email', '')).slice(0, 254), error: i18n.t('privacy.portal.bad_code') }, 422)
    return openPortal(ctx, customerId)
  }

  /** The mailed link asks before it signs in: mail scanners open links. */
  async linkPage(ctx: HttpContext) {
    if (!(await liveLink(String(ctx.params.token)))) return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy.portal.link_title'), line: ctx.i18n.t('privacy.portal.link_invalid') }, 404)
    return renderPortal(ctx, 'privacy/portal/link', { token: ctx.params.token })
  }

  async linkSignIn(ctx: HttpContext) {
    const customerId = await signInWithLink(String(ctx.params.token))
    if (!customerId) return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy.portal.link_title'), line: ctx.i18n.t('privacy.portal.link_invalid') }, 404)
    return openPortal(ctx, customerId)
  }

  async home(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const locale = ctx.i18n.locale
    const loyalty = await read(customerLoyaltyOf(customer.id, customer.storeId, dbInstant(new Date(), db.connection().dialect.name)))
    const purchases = await db
      .from('purchases as p')
      .join('stores as s', 's.id', 'p.store_id')
      .where('p.customer_id', customer.id)
      .orderBy('p.occurred_at', 'desc')
      .limit(10)
      .select('p.total_cents', 'p.occurred_at', 's.name as store_name')
    const day = (value: unknown) => formatDate(DateTime.fromJSDate(instantFromDb(value)).minus({ milliseconds: 1 }), customer.timezone, locale)
    return renderPortal(ctx, 'privacy/portal/home', {
      customer,
      terms: await memberTerms(customer.id, { timezone: customer.timezone, locale }),
      consentBoxes: CONSENT_PURPOSES.map((purpose) => ({ purpose, given: customer.consents[purpose], text: wordingOf(purpose, locale, customer.storeName).text })),
      balances: { points: loyalty.balances.points, stamps: loyalty.balances.stamps, cashback: formatMoney(loyalty.balances.cashback_cents, 'EUR', locale) },
      tier: loyalty.tier?.name ?? null,
      vouchers: loyalty.vouchers.map((voucher) => ({ code: voucher.code, until: day(voucher.expires_at) })),
      purchases: purchases.map((purchase) => ({ store: purchase.store_name, total: formatMoney(purchase.total_cents, 'EUR', locale), at: formatDateTime(DateTime.fromJSDate(instantFromDb(purchase.occurred_at)), customer.timezone, locale) })),
    })
  }

  /** A marketing consent given or withdrawn from the space: at once, with its proof (source `portal`). */
  async consents(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const customer = await portalCustomerOf(ctx)
    if (!customer) return response.redirect('/portal/sign-in')
    const input = await consentValidator.validate(request.only(['purpose', 'decision'])).catch(() => null)
    if (!input) return renderPortal(ctx, 'privacy/portal/message', { title: i18n.t('privacy.portal.title'), line: i18n.t('privacy.portal.consent_invalid') }, 422)
    const granted = input.decision === 'grant'
    if (granted) {
      const refusal = grantRefusal(customer, input.purpose)
      if (refusal) {
        session.flash('error', i18n.t(`privacy.portal.${refusal}`))
        return response.redirect('/portal')
      }
    }
    await changeMarketingConsent({
      customerId: customer.id,
      purpose: input.purpose,
      granted,
      source: 'portal',
      noticeVersion: granted ? wordingOf(input.purpose, i18n.locale, customer.storeName).version : null,
      ip: request.ip(),
      userAgent: request.header('user-agent') ?? null,
    })
    session.flash('success', i18n.t(granted ? 'privacy.portal.consent_granted' : 'privacy.portal.consent_withdrawn'))
    return response.redirect('/portal')
  }

  async signOut({ session, response }: HttpContext) {
    session.forget(PORTAL_SESSION_KEY)
    session.regenerate()
    return response.redirect('/portal/sign-in')
  }
}

/** Why a consent cannot be given here: no address for the channel, or under the age of consent (R30). */
function grantRefusal(customer: PortalCustomer, purpose: ConsentPurpose) {
  if (purpose === 'sms_marketing' && !customer.hasPhone) return 'consent_needs_phone'
  if (purpose === 'email_marketing' && !customer.hasEmail) return 'consent_needs_email'
  if (purpose === 'review_requests' && !customer.hasEmail && !customer.hasPhone) return 'consent_needs_email'
  if (customer.birth && ageOn(DateTime.now().setZone(customer.timezone), customer.birth) < CONSENT_AGE) return 'consent_too_young'
  return null
}

/** A new session id for the signed-in customer (no fixation), then their space. */
async function openPortal({ session, response }: HttpContext, customerId: number) {
  const row = await db.from('customers').where('id', customerId).select('public_id').first()
  // The portal's last use: the clock that closes inactive portal accounts (R3).
  await db.from('customers').where('id', customerId).update({ portal_seen_at: dbInstant(new Date(), db.connection().dialect.name) })
  session.regenerate()
  session.put(PORTAL_SESSION_KEY, row.public_id)
  return response.redirect('/portal')
}

/** Whether a quota is spent (the 429 page is then the answer). */
async function overQuota(ctx: HttpContext, quotas: Array<[string, Quota]>) {
  for (const [key, quota] of quotas) {
    const verdict = await consumeQuota(key, quota)
    if (!verdict.allowed) {
      ctx.response.header('Retry-After', String(verdict.retryAfterSeconds))
      await renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy.portal.sign_in_title'), line: ctx.i18n.t('privacy.portal.too_many', { seconds: verdict.retryAfterSeconds }) }, 429)
      return true
    }
  }
  return false
}

