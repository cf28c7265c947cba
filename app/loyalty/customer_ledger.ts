import db from '@adonisjs/lucid/services/db'
import type { DateTime } from 'luxon'
import type Customer from '#customers/models/customer'
import LedgerEntry from '#loyalty/models/ledger_entry'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { levelByKey } from '#loyalty/tiers'
import { fromDbTimestamp } from '#shared/db_time'

/**
 * A customer's loyalty, for the staff page "why these points?": per
 * programme the balances, the tier and its floor, the open lots with
 * their expiry (soonest first) and open debts, then the ledger newest
 * first with what each line refers to (the voucher's code, the lot an
 * expiry closed, the staff member who adjusted). Read-only.
 */
export interface LotView {
  unit: string
  remaining: number
  side: 'credit' | 'debt'
  expiresAt: DateTime | null
  availableAt: DateTime | null
  earnedAt: DateTime
}

export interface AccountView {
  accountId: number
  programId: string
  programName: string
  rules: ProgramRules
  enrolment: 'auto' | 'manual'
  status: 'active' | 'paused'
  balances: { points: number; stamps: number; cashback: number }
  tier: string | null
  tierFloor: string | null
  tierKeys: Array<{ key: string; name: string }>
  lots: LotView[]
}

export interface LedgerLine {
  entry: LedgerEntry
  programName: string
  staffName: string | null
  voucherCode: string | null
  lotEarnedAt: DateTime | null
}

export const LEDGER_PAGE = 50

export async function accountsOf(customer: Customer): Promise<AccountView[]> {
  const rows = await db
    .from('loyalty_accounts as a')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('a.customer_id', customer.id)
    .orderBy('p.position')
    .orderBy('p.id')
    .select('a.*', 'p.public_id as program_public_id', 'p.name as program_name', 'p.rules', 'p.enrolment', 'p.status')
  const views: AccountView[] = []
  for (const row of rows) {
    const rules = parseRules(row.rules)
    views.push({
      accountId: Number(row.id),
      programId: row.program_public_id,
      programName: row.program_name,
      rules,
      enrolment: row.enrolment,
      status: row.status,
      balances: { points: Number(row.points), stamps: Number(row.stamps), cashback: Number(row.cashback_cents) },
      tier: levelByKey(rules, row.tier)?.name ?? null,
      tierFloor: row.tier_floor,
      tierKeys: (rules.tiers?.levels ?? []).map((level) => ({ key: level.key, name: level.name })),
      lots: await openItemsOf(Number(row.id)),
    })
  }
  return views
}

async function openItemsOf(accountId: number): Promise<LotView[]> {
  const rows = await db
    .from('ledger_open_items as o')
    .join('ledger_entries as e', 'e.id', 'o.entry_id')
    .where('o.account_id', accountId)
    .orderByRaw('CASE WHEN o.expires_at IS NULL THEN 1 ELSE 0 END, o.expires_at, o.entry_id')
    .limit(200)
    .select('o.unit', 'o.side', 'o.remaining', 'o.expires_at', 'o.available_at', 'e.occurred_at')
  return rows.map((row) => ({
    unit: row.unit,
    side: row.side,
    remaining: Number(row.remaining),
    expiresAt: fromDbTimestamp(row.expires_at),
    availableAt: fromDbTimestamp(row.available_at),
    earnedAt: fromDbTimestamp(row.occurred_at)!,
  }))
}

/** Programmes with manual enrolment the customer could be added to. */
export async function joinableProgramsOf(customer: Customer) {
  return db
    .from('loyalty_programs')
    .where('enrolment', 'manual')
    .where('status', 'active')
    .whereNotExists((query) => query.from('loyalty_accounts').whereColumn('loyalty_accounts.program_id', 'loyalty_programs.id').where('loyalty_accounts.customer_id', customer.id))
    .orderBy('position')
    .select('public_id', 'name')
}

/** One page of the ledger, newest first; `before`: the id of the last line of the previous page. */
export async function ledgerPageOf(accounts: AccountView[], before: number | null, limit = LEDGER_PAGE): Promise<{ lines: LedgerLine[]; next: number | null }> {
  if (accounts.length === 0) return { lines: [], next: null }
  const query = LedgerEntry.query().whereIn('accountId', accounts.map((account) => account.accountId)).orderBy('id', 'desc').limit(limit + 1)
  if (before) query.where('id', '<', before)
  const entries = await query
  const page = entries.slice(0, limit)
  const context = await contextOf(page)
  const programOf = new Map(accounts.map((account) => [account.accountId, account.programName]))
  const lines = page.map((entry) => ({
    entry,
    programName: programOf.get(entry.accountId) ?? '',
    staffName: entry.staffMemberId ? (context.staff.get(entry.staffMemberId) ?? null) : null,
    voucherCode: entry.causeId ? (context.vouchers.get(entry.causeId) ?? null) : null,
    lotEarnedAt: entry.kind === 'expire' && entry.causeId ? (context.lots.get(entry.causeId) ?? null) : null,
  }))
  return { lines, next: entries.length > limit ? page[page.length - 1].id : null }
}

/** What the lines name, in three queries for the whole page. */
async function contextOf(entries: LedgerEntry[]) {
  const causeIds = (type: string) => [...new Set(entries.filter((entry) => entry.causeType === type && entry.causeId).map((entry) => entry.causeId!))]
  const staffIds = [...new Set(entries.map((entry) => entry.staffMemberId).filter((id): id is number => id !== null))]
  const [vouchers, lots, staff] = await Promise.all([
    causeIds('voucher').length ? db.from('vouchers').whereIn('public_id', causeIds('voucher')).select('public_id', 'code') : [],
    causeIds('expiry').length ? db.from('ledger_entries').whereIn('public_id', causeIds('expiry')).select('public_id', 'occurred_at') : [],
    staffIds.length ? db.from('staff_members').whereIn('id', staffIds).select('id', 'full_name') : [],
  ])
  return {
    vouchers: new Map<string, string>(vouchers.map((row: any) => [row.public_id, row.code])),
    lots: new Map<string, DateTime>(lots.map((row: any) => [row.public_id, fromDbTimestamp(row.occurred_at)!])),
    staff: new Map<number, string>(staff.map((row: any) => [Number(row.id), row.full_name])),
  }
}

/** Vouchers of the customer, newest first, whatever their state (expired ones are `issued` past their date). */
export async function vouchersOf(customer: Customer, now: DateTime) {
  const rows = await db.from('vouchers').where('customer_id', customer.id).orderBy('id', 'desc').limit(50)
  return rows.map((row) => ({
    code: row.code as string,
    kind: row.kind as 'amount' | 'percent' | 'product',
    valueCents: row.value_cents === null ? null : Number(row.value_cents),
    percent: row.percent === null ? null : Number(row.percent),
    productLabel: row.product_label as string | null,
    source: row.source as string,
    issuedAt: fromDbTimestamp(row.issued_at)!,
    expiresAt: fromDbTimestamp(row.expires_at)!,
    state: row.status === 'issued' && fromDbTimestamp(row.expires_at)! <= now ? 'expired' : (row.status as string),
  }))
}
