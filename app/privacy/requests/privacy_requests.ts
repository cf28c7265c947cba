import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit } from '#shared/audit'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'

export const REQUEST_TYPES = ['access', 'portability', 'rectification', 'erasure', 'objection', 'restriction'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]
export const REQUEST_CHANNELS = ['portal', 'email', 'counter', 'letter'] as const
export type RequestChannel = (typeof REQUEST_CHANNELS)[number]
export type RequestStatus = 'received' | 'awaiting_identity' | 'in_progress' | 'done' | 'refused'
/** How the requester was recognised (R21): a signed-in portal session or control of the address is enough; an ID document only on reasonable doubt. */
export const IDENTITY_METHODS = ['portal_session', 'email_control', 'in_person', 'id_document'] as const
export type IdentityMethod = (typeof IDENTITY_METHODS)[number]

export const OPEN_STATUSES: RequestStatus[] = ['received', 'awaiting_identity', 'in_progress']

/** Art. 12(3): one month from receipt; two more months at most, announced with reasons within the first. */
export const ANSWER_MONTHS = 1
export const EXTENSION_MONTHS = 2

export interface PrivacyRequestRow {
  id: number
  publicId: string
  customerId: number | null
  type: RequestType
  channel: RequestChannel
  status: RequestStatus
  details: string | null
  receivedAt: DateTime
  dueAt: DateTime
  extensionReason: string | null
  extendedAt: DateTime | null
  identityMethod: IdentityMethod | null
  identityCheckedAt: DateTime | null
  answer: string | null
  closedAt: DateTime | null
}

export function requestFromRow(row: Record<string, any>): PrivacyRequestRow {
  return {
    id: Number(row.id),
    publicId: row.public_id,
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    type: row.type,
    channel: row.channel,
    status: row.status,
    details: row.details,
    receivedAt: fromDbTimestamp(row.received_at)!,
    dueAt: fromDbTimestamp(row.due_at)!,
    extensionReason: row.extension_reason,
    extendedAt: fromDbTimestamp(row.extended_at),
    identityMethod: row.identity_method,
    identityCheckedAt: fromDbTimestamp(row.identity_checked_at),
    answer: row.answer,
    closedAt: fromDbTimestamp(row.closed_at),
  }
}

export async function findRequest(publicId: string, client: QueryClientContract = db.connection()) {
  const row = await client.from('privacy_requests').where('public_id', publicId).first()
  return row ? requestFromRow(row) : null
}

export interface Actor {
  /** The staff member acting; null for the customer (portal) or the system. */
  staffMemberId: number | null
  ip?: string | null
}

export interface NewRequest {
  customerId: number | null
  type: RequestType
  channel: RequestChannel
  details?: string | null
  receivedAt?: DateTime
  /** Known at once for a signed-in customer or a person at the counter; otherwise checked later. */
  identityMethod?: IdentityMethod | null
}

/** Records a request with its deadline; returns it. The identity is checked already when the method is given. */
export async function openRequest(input: NewRequest, actor: Actor, outer?: TransactionClientContract) {
  const run = async (trx: TransactionClientContract) => {
    const receivedAt = (input.receivedAt ?? DateTime.utc()).toUTC()
    const now = DateTime.utc()
    const identified = Boolean(input.identityMethod)
    const values = {
      public_id: newPublicId(),
      customer_id: input.customerId,
      type: input.type,
      channel: input.channel,
      status: identified ? 'in_progress' : 'awaiting_identity',
      details: input.details?.trim() ? input.details.trim().slice(0, 2000) : null,
      received_at: dbTimestamp(receivedAt, trx),
      due_at: dbTimestamp(receivedAt.plus({ months: ANSWER_MONTHS }), trx),
      identity_method: input.identityMethod ?? null,
      identity_checked_at: identified ? dbTimestamp(now, trx) : null,
      created_at: dbTimestamp(now, trx),
      updated_at: dbTimestamp(now, trx),
    }
    const [inserted] = await trx.table('privacy_requests').insert(values).returning('id')
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted)
    await addStep(trx, id, 'received', actor, `${input.type} · ${input.channel}`)
    if (identified) await addStep(trx, id, 'identity_checked', actor, input.identityMethod!)
    await audit({ staffMemberId: actor.staffMemberId, action: 'privacy.request_received', subjectType: 'privacy_request', subjectId: values.public_id, details: { type: input.type, channel: input.channel }, ip: actor.ip ?? null }, trx)
    return requestFromRow({ ...values, id, extension_reason: null, extended_at: null, answer: null, closed_at: null })
  }
  return outer ? run(outer) : db.transaction(run)
}

export async function addStep(client: QueryClientContract, requestId: number, action: string, actor: Actor, note: string | null = null) {
  await client.table('privacy_request_steps').insert({
    privacy_request_id: requestId,
    action,
    note: note ? note.slice(0, 2000) : null,
    staff_member_id: actor.staffMemberId,
    created_at: dbTimestamp(DateTime.utc(), client),
  })
}

export class RequestStateError extends Error {
  constructor(public code: 'closed' | 'already_extended' | 'past_due' | 'identity_missing' | 'reason_missing') {
    super(code)
  }
}

/** The identity was checked (the document itself, if one was shown, is not kept: R21). */
export async function verifyIdentity(request: PrivacyRequestRow, method: IdentityMethod, note: string | null, actor: Actor) {
  refuseIfClosed(request)
  await db.transaction(async (trx) => {
    const now = dbTimestamp(DateTime.utc(), trx)
    await trx.from('privacy_requests').where('id', request.id).update({ identity_method: method, identity_checked_at: now, status: 'in_progress', updated_at: now })
    await addStep(trx, request.id, 'identity_checked', actor, [method, note?.trim()].filter(Boolean).join(' · '))
  })
}

/**
 * Two more months, once, for a reason, decided and announced before the
 * first month ends (Art. 12(3)); after that the request is late, not extended.
 */
export async function extendRequest(request: PrivacyRequestRow, reason: string, actor: Actor, now = DateTime.utc()) {
  refuseIfClosed(request)
  if (request.extendedAt) throw new RequestStateError('already_extended')
  if (now >= request.dueAt) throw new RequestStateError('past_due')
  if (reason.trim().length < 10) throw new RequestStateError('reason_missing')
  const dueAt = request.dueAt.plus({ months: EXTENSION_MONTHS })
  await db.transaction(async (trx) => {
    const at = dbTimestamp(now, trx)
    await trx
      .from('privacy_requests')
      .where('id', request.id)
      .update({ due_at: dbTimestamp(dueAt, trx), extension_reason: reason.trim().slice(0, 2000), extended_at: at, reminded_d7_at: null, reminded_d1_at: null, updated_at: at })
    await addStep(trx, request.id, 'extended', actor, reason.trim())
  })
  return dueAt
}

/** Closes the request with its answer (done) or with the reason for refusing (refused, which needs a reason: R25). */
export async function closeRequest(request: PrivacyRequestRow, outcome: { status: 'done' | 'refused'; answer: string }, actor: Actor, outer?: TransactionClientContract) {
  refuseIfClosed(request)
  if (outcome.status === 'refused' && outcome.answer.trim().length < 10) throw new RequestStateError('reason_missing')
  const run = async (trx: TransactionClientContract) => {
    const at = dbTimestamp(DateTime.utc(), trx)
    await trx.from('privacy_requests').where('id', request.id).update({ status: outcome.status, answer: outcome.answer.trim().slice(0, 4000), closed_at: at, updated_at: at })
    await addStep(trx, request.id, outcome.status, actor, outcome.answer.trim())
    await audit({ staffMemberId: actor.staffMemberId, action: `privacy.request_${outcome.status}`, subjectType: 'privacy_request', subjectId: request.publicId, details: { type: request.type }, ip: actor.ip ?? null }, trx)
  }
  return outer ? run(outer) : db.transaction(run)
}

export function isOpen(request: PrivacyRequestRow) {
  return OPEN_STATUSES.includes(request.status)
}

function refuseIfClosed(request: PrivacyRequestRow) {
  if (!isOpen(request)) throw new RequestStateError('closed')
}

export async function stepsOf(requestId: number) {
  const rows = await db
    .from('privacy_request_steps as s')
    .leftJoin('staff_members as m', 'm.id', 's.staff_member_id')
    .where('s.privacy_request_id', requestId)
    .orderBy('s.id')
    .select('s.action', 's.note', 's.created_at', 'm.full_name as staff_name')
  return rows.map((row) => ({ action: row.action as string, note: row.note as string | null, at: fromDbTimestamp(row.created_at)!, staffName: row.staff_name as string | null }))
}
