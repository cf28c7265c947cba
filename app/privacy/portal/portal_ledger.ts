import db from '@adonisjs/lucid/services/db'
import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { instantFromDb } from '#shared/db_time'
import { formatDate, formatMoney } from '#shared/format'

/**
 * The customer's loyalty ledger as the portal shows it: per programme the
 * balances and the open lots with their expiry (the next one first), then
 * the movements newest first (earned, used, expired…). Only this
 * customer's accounts are read; a line names what caused it when that is
 * the customer's own (their purchase, their voucher, the lot an expiry
 * closed), never a staff member (other people's data stays out, R22).
 */
export const LEDGER_PAGE = 30

type Unit = 'points' | 'stamps' | 'cashback'

export interface AccountView {
  program: string
  balances: { points: number; stamps: number; cashback: string }
  lots: Array<{ unit: Unit; remaining: string; until: string | null }>
  nextExpiry: { unit: Unit; remaining: string; until: string } | null
}

export interface MovementView {
  on: string
  what: string
  unit: Unit
  amount: string
  program: string
  until: string | null
  purchaseId: string | null
}

interface Context {
  timezone: string
  i18n: I18n
}

const accountsQuery = (customerId: number) =>
  db.from('loyalty_accounts as a').join('loyalty_programs as p', 'p.id', 'a.program_id').where('a.customer_id', customerId).orderBy('p.position').orderBy('p.id')

/** Balances, lots and one page of movements; null when `before` is not one of this customer's lines. */
export async function ledgerPageOf(customerId: number, before: string | null, context: Context) {
  const accounts = await accountsQuery(customerId).select('a.id', 'a.points', 'a.stamps', 'a.cashback_cents', 'p.name')
  const accountIds = accounts.map((account) => Number(account.id))
  const programOf = new Map(accounts.map((account) => [Number(account.id), account.name as string]))
  if (accountIds.length === 0) return before ? null : { accounts: [], movements: [], next: null }
  const query = db.from('ledger_entries').whereIn('account_id', accountIds).orderBy('id', 'desc').limit(LEDGER_PAGE + 1)
  if (before) {
    const cursor = await db.from('ledger_entries').whereIn('account_id', accountIds).where('public_id', before).select('id').first()
    if (!cursor) return null
    query.where('id', '<', cursor.id)
  }
  const [rows, lots] = await Promise.all([query.select('id', 'public_id', 'account_id', 'unit', 'kind', 'amount', 'expires_at', 'cause_type', 'cause_id', 'occurred_at'), lotsOf(accountIds)])
  const page = rows.slice(0, LEDGER_PAGE)
  const named = await namesOf(customerId, accountIds, page)
  return {
    accounts: accounts.map((account) => accountView(account, lots.get(Number(account.id)) ?? [], context)),
    movements: page.map((row) => movementView(row, programOf.get(Number(row.account_id)) ?? '', named, context)),
    next: rows.length > LEDGER_PAGE ? (page[page.length - 1].public_id as string) : null,
  }
}

const amountText = (unit: Unit, amount: number, locale: string) => (unit === 'cashback' ? formatMoney(amount, 'EUR', locale) : String(amount))
const dayOf = (value: unknown, context: Context) => (value === null || value === undefined ? null : formatDate(DateTime.fromJSDate(instantFromDb(value)), context.timezone, context.i18n.locale))

/** Open credit lots, soonest expiry first (those without an expiry last). */
async function lotsOf(accountIds: number[]) {
  const byAccount = new Map<number, Array<Record<string, any>>>()
  if (accountIds.length === 0) return byAccount
  const rows = await db
    .from('ledger_open_items')
    .whereIn('account_id', accountIds)
    .where('side', 'credit')
    .orderByRaw('CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, entry_id')
    .limit(200)
    .select('account_id', 'unit', 'remaining', 'expires_at')
  for (const row of rows) byAccount.set(Number(row.account_id), [...(byAccount.get(Number(row.account_id)) ?? []), row])
  return byAccount
}

function accountView(account: Record<string, any>, lots: Array<Record<string, any>>, context: Context): AccountView {
  const locale = context.i18n.locale
  const views = lots.map((lot) => ({ unit: lot.unit as Unit, remaining: amountText(lot.unit, Number(lot.remaining), locale), until: dayOf(lot.expires_at, context) }))
  const next = views.find((lot) => lot.until !== null)
  return {
    program: account.name,
    balances: { points: Number(account.points), stamps: Number(account.stamps), cashback: formatMoney(Number(account.cashback_cents), 'EUR', locale) },
    lots: views,
    nextExpiry: next ? { unit: next.unit, remaining: next.remaining, until: next.until! } : null,
  }
}

/** What the lines of a page refer to, when it is the customer's own: voucher codes, lots' dates, purchases. */
async function namesOf(customerId: number, accountIds: number[], rows: Array<Record<string, any>>) {
  const idsOf = (type: string) => [...new Set(rows.filter((row) => row.cause_type === type && row.cause_id).map((row) => row.cause_id as string))]
  const [vouchers, lots, purchases] = await Promise.all([
    idsOf('voucher').length ? db.from('vouchers').where('customer_id', customerId).whereIn('public_id', idsOf('voucher')).select('public_id', 'code') : [],
    idsOf('expiry').length ? db.from('ledger_entries').whereIn('account_id', accountIds).whereIn('public_id', idsOf('expiry')).select('public_id', 'occurred_at') : [],
    idsOf('purchase').length ? db.from('purchases').where('customer_id', customerId).whereIn('public_id', idsOf('purchase')).select('public_id') : [],
  ])
  return {
    vouchers: new Map<string, string>(vouchers.map((row: any) => [row.public_id, row.code])),
    lots: new Map<string, unknown>(lots.map((row: any) => [row.public_id, row.occurred_at])),
    purchases: new Set<string>(purchases.map((row: any) => row.public_id)),
  }
}

function movementView(row: Record<string, any>, program: string, named: Awaited<ReturnType<typeof namesOf>>, context: Context): MovementView {
  const { i18n } = context
  const amount = Number(row.amount)
  const key = `portal_profile.ledger.lines.${row.kind}_${row.cause_type}`
  const data = { code: named.vouchers.get(row.cause_id) ?? '—', date: dayOf(named.lots.get(row.cause_id), context) ?? '—' }
  const sign = amount > 0 ? '+' : '−'
  return {
    on: dayOf(row.occurred_at, context)!,
    what: i18n.hasMessage(key) ? i18n.t(key, data) : i18n.t(`portal_profile.ledger.kinds.${row.kind}`),
    unit: row.unit,
    amount: `${sign}${amountText(row.unit, Math.abs(amount), i18n.locale)}`,
    program,
    until: amount > 0 ? dayOf(row.expires_at, context) : null,
    purchaseId: row.cause_type === 'purchase' && named.purchases.has(row.cause_id) ? row.cause_id : null,
  }
}
