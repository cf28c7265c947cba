import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { parseIdentifier } from '#customers/identifier'
import { findCustomer } from '#customers/find_customer'
import { formatDate, formatDateTime } from '#shared/format'
import {
  addStep,
  IDENTITY_METHODS,
  REQUEST_TYPES,
  RequestStateError,
  closeRequest,
  extendRequest,
  findRequest,
  isOpen,
  openRequest,
  requestFromRow,
  stepsOf,
  verifyIdentity,
  type PrivacyRequestRow,
} from '#privacy/requests/privacy_requests'
import { answerRecipientOf, fulfilRequest, setRestriction } from '#privacy/requests/apply_rights'
import { mailRequestAnswer } from '#privacy/requests/request_mail'
import { sendIdentityLink } from '#privacy/requests/identity_link'

const note = (max: number) => vine.string().trim().maxLength(max)
const newRequestValidator = vine.compile(
  vine.object({
    customer: vine.string().trim().minLength(1).maxLength(254),
    type: vine.enum(REQUEST_TYPES),
    channel: vine.enum(['email', 'counter', 'letter'] as const),
    received_on: vine.date({ formats: ['YYYY-MM-DD'] }),
    identity_method: vine.enum(['', ...IDENTITY_METHODS] as const).optional(),
    details: note(2000).optional(),
  })
)
const identityValidator = vine.compile(vine.object({ method: vine.enum(IDENTITY_METHODS), note: note(500).optional() }))
const reasonValidator = vine.compile(vine.object({ reason: note(2000).minLength(10) }))
const answerValidator = vine.compile(vine.object({ answer: note(4000).optional() }))

const SOON_DAYS = 7

/**
 * The owner's queue of rights requests (/admin/privacy): what is due soon
 * first, each request with its deadline, identity check, steps and the
 * actions that answer it. Owners only (the routes say so).
 */
export default class PrivacyRequestsController {
  async index({ view, i18n }: HttpContext) {
    const now = DateTime.utc()
    const open = await db.from('privacy_requests').whereIn('status', ['received', 'awaiting_identity', 'in_progress']).orderBy('due_at').limit(500)
    const closed = await db.from('privacy_requests').whereIn('status', ['done', 'refused']).orderBy('closed_at', 'desc').limit(50)
    const row = (request: PrivacyRequestRow) => ({
      ...listRow(request, i18n.locale),
      urgency: !isOpen(request) ? null : request.dueAt < now ? 'overdue' : request.dueAt.diff(now, 'days').days <= SOON_DAYS ? 'soon' : null,
    })
    const openRows = open.map((raw) => row(requestFromRow(raw)))
    return view.render('privacy/requests/index', {
      section: 'requests',
      open: openRows,
      closed: closed.map((raw) => row(requestFromRow(raw))),
      dueSoon: openRows.filter((request) => request.urgency).length,
    })
  }

  async create({ view }: HttpContext) {
    return view.render('privacy/requests/new', { section: 'requests', form: { received_on: DateTime.now().toISODate(), channel: 'counter' }, errors: {} })
  }

  async store(ctx: HttpContext) {
    const { request, response, view, i18n, auth, session } = ctx
    const form = request.only(['customer', 'type', 'channel', 'received_on', 'identity_method', 'details'])
    const fail = async (errors: Record<string, string>) => response.status(422).send(await view.render('privacy/requests/new', { section: 'requests', form, errors }))
    let input
    try {
      input = await newRequestValidator.validate(form)
    } catch {
      return fail({ form: i18n.t('privacy_requests.errors.form') })
    }
    const identifier = parseIdentifier(input.customer)
    const customer = identifier ? await findCustomer(identifier) : null
    if (!customer) return fail({ customer: i18n.t('privacy_requests.errors.customer') })
    const receivedAt = DateTime.fromJSDate(input.received_on, { zone: 'utc' })
    if (receivedAt > DateTime.utc() || receivedAt < DateTime.utc().minus({ months: 3 })) return fail({ received_on: i18n.t('privacy_requests.errors.received_on') })
    const created = await openRequest(
      { customerId: customer.id, type: input.type, channel: input.channel, details: input.details, receivedAt, identityMethod: input.identity_method || null },
      { staffMemberId: auth.use('web').user!.id, ip: request.ip() }
    )
    session.flash('success', i18n.t('privacy_requests.recorded'))
    return response.redirect(`/admin/privacy/requests/${created.publicId}`)
  }

  async show(ctx: HttpContext) {
    const request = await findRequest(ctx.params.id)
    if (!request) return ctx.response.notFound(await ctx.view.render('errors/not_found'))
    return renderShow(ctx, request)
  }

  async identity(ctx: HttpContext) {
    return act(ctx, identityValidator, async (request, input, actor) => verifyIdentity(request, input.method, input.note ?? null, actor), 'identity_checked')
  }

  async identityLink(ctx: HttpContext) {
    const request = await findRequest(ctx.params.id)
    if (!request) return ctx.response.notFound(await ctx.view.render('errors/not_found'))
    if (!isOpen(request)) return renderShow(ctx, request, { identity: ctx.i18n.t('privacy_requests.errors.closed') }, 409)
    const sent = await sendIdentityLink(request, { staffMemberId: ctx.auth.use('web').user!.id, ip: ctx.request.ip() })
    if (!sent) return renderShow(ctx, request, { identity: ctx.i18n.t('privacy_requests.errors.no_email') }, 422)
    ctx.session.flash('success', ctx.i18n.t('privacy_requests.done.identity_link_sent'))
    return ctx.response.redirect(`/admin/privacy/requests/${request.publicId}`)
  }

  async extend(ctx: HttpContext) {
    return act(
      ctx,
      reasonValidator,
      async (request, input, actor) => {
        const dueAt = await extendRequest(request, input.reason, actor)
        const recipient = request.customerId ? await answerRecipientOf(request.customerId) : null
        if (recipient) await mailRequestAnswer(recipient, { ...request, dueAt }, 'extended', input.reason)
      },
      'extended'
    )
  }

  async fulfil(ctx: HttpContext) {
    const { session, i18n, response } = ctx
    return act(
      ctx,
      answerValidator,
      async (request, input, actor) => {
        const outcome = await fulfilRequest(request, actor, input.answer ?? null)
        if (!outcome.done) {
          session.flash('error', i18n.t(`privacy_requests.errors.${outcome.why}`))
          return response.redirect(`/admin/privacy/requests/${request.publicId}`)
        }
      },
      'fulfilled'
    )
  }

  async refuse(ctx: HttpContext) {
    return act(
      ctx,
      reasonValidator,
      async (request, input, actor) => {
        await closeRequest(request, { status: 'refused', answer: input.reason }, actor)
        const recipient = request.customerId ? await answerRecipientOf(request.customerId) : null
        if (recipient) await mailRequestAnswer(recipient, request, 'refused', input.reason)
      },
      'refused'
    )
  }

  /** Art. 18(3): the customer is told before the restriction is lifted; the reason is kept as a step. */
  async liftRestriction(ctx: HttpContext) {
    const request = await findRequest(ctx.params.id)
    if (!request || request.type !== 'restriction' || request.status !== 'done' || !request.customerId) return ctx.response.notFound(await ctx.view.render('errors/not_found'))
    const input = await reasonValidator.validate(ctx.request.only(['reason'])).catch(() => null)
    if (!input) return renderShow(ctx, request, { reason: ctx.i18n.t('privacy_requests.errors.reason') }, 422)
    const recipient = await answerRecipientOf(request.customerId)
    if (recipient) await mailRequestAnswer(recipient, request, 'restriction_lifted', input.reason)
    await setRestriction(request.customerId, false)
    await addStep(db.connection(), request.id, 'restriction_lifted', { staffMemberId: ctx.auth.use('web').user!.id }, input.reason)
    ctx.session.flash('success', ctx.i18n.t('privacy_requests.done.restriction_lifted'))
    return ctx.response.redirect(`/admin/privacy/requests/${request.publicId}`)
  }
}

/** Validates the action's form, runs it on an open request, and answers with the request page. */
async function act<T>(ctx: HttpContext, validator: { validate(data: unknown): Promise<T> }, action: (request: PrivacyRequestRow, input: T, actor: { staffMemberId: number; ip: string }) => Promise<unknown>, done: string) {
  const { params, request: http, response, session, i18n, auth } = ctx
  const request = await findRequest(params.id)
  if (!request) return response.notFound(await ctx.view.render('errors/not_found'))
  let input: T
  try {
    input = await validator.validate(http.body())
  } catch {
    return renderShow(ctx, request, { [done]: i18n.t(`privacy_requests.errors.${done === 'identity_checked' ? 'method' : done === 'fulfilled' ? 'answer' : 'reason'}`) }, 422)
  }
  try {
    const answered = await action(request, input, { staffMemberId: auth.use('web').user!.id, ip: http.ip() })
    if (answered) return answered
  } catch (error) {
    if (!(error instanceof RequestStateError)) throw error
    return renderShow(ctx, request, { [done]: i18n.t(`privacy_requests.errors.${error.code}`) }, 409)
  }
  session.flash('success', i18n.t(`privacy_requests.done.${done}`))
  return response.redirect(`/admin/privacy/requests/${request.publicId}`)
}

async function renderShow({ view, response, i18n }: HttpContext, request: PrivacyRequestRow, errors: Record<string, string> = {}, status = 200) {
  const customer = request.customerId
    ? await db.from('customers').where('id', request.customerId).select('public_id', 'first_name', 'last_name', 'email', 'card_code', 'erased_at', 'restricted_at').first()
    : null
  const steps = await stepsOf(request.id)
  const now = DateTime.utc()
  return response.status(status).send(
    await view.render('privacy/requests/show', {
      section: 'requests',
      request: listRow(request, i18n.locale),
      open: isOpen(request),
      canExtend: isOpen(request) && !request.extendedAt && now < request.dueAt,
      needsIdentity: !request.identityCheckedAt,
      canLift: request.type === 'restriction' && request.status === 'done' && Boolean(customer?.restricted_at),
      raw: request,
      customer: customer && {
        publicId: customer.public_id,
        name: customer.erased_at ? i18n.t('privacy_requests.erased_customer') : [customer.first_name, customer.last_name].filter(Boolean).join(' ') || customer.card_code,
        email: customer.erased_at ? null : customer.email,
        erased: Boolean(customer.erased_at),
      },
      steps: steps.map((step) => ({ ...step, at: formatDateTime(step.at, 'Europe/Paris', i18n.locale) })),
      identityMethods: IDENTITY_METHODS,
      errors,
    })
  )
}

function listRow(request: PrivacyRequestRow, locale: string) {
  return {
    publicId: request.publicId,
    type: request.type,
    channel: request.channel,
    status: request.status,
    received: formatDate(request.receivedAt, 'Europe/Paris', locale),
    due: formatDate(request.dueAt, 'Europe/Paris', locale),
    extended: Boolean(request.extendedAt),
    extensionReason: request.extensionReason,
    identityMethod: request.identityMethod,
    details: request.details,
    answer: request.answer,
    closed: request.closedAt ? formatDate(request.closedAt, 'Europe/Paris', locale) : null,
  }
}
