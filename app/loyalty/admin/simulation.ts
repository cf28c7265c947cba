import type { I18n } from '@adonisjs/i18n'
import db from '@adonisjs/lucid/services/db'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import type { ProgramRules } from '#loyalty/program_rules'
import type { BasketLine } from '#loyalty/earn_rules'
import { simulateEarning, type SimulatedProgram, type SimulatedVoucher } from '#loyalty/simulate_earning'
import { explanationText } from '#loyalty/explain'
import { parseIdentifier } from '#customers/identifier'
import { findCustomer } from '#customers/find_customer'
import Store from '#stores/models/store'
import { dbInstant } from '#shared/db_time'
import { read } from '#shared/sql_program'
import { MAX_PURCHASE_CENTS } from '#till/amount'
import { basketLinesOf, linesTotal } from '#loyalty/admin/basket_form'
import { FormReader, type FormProblem } from '#loyalty/admin/form_reader'
import { isBlank } from '#loyalty/admin/form_values'
import { readLines, type LineForm } from '#loyalty/admin/program_form'
import { moneyText, voucherText } from '#loyalty/admin/program_summary'

/** The simulator's question, as typed in its GET form. */
export interface SimulatorForm {
  store: string
  customer: string
  total: string
  lines: LineForm[]
}

/** One unit's line in the simulator: balance before, what the sale earns, balance once vouchers are issued. */
export interface BalanceRow {
  unit: 'points' | 'stamps' | 'cashback'
  before: string
  earned: string
  after: string
}

/** One programme's answer: whether the customer belongs, the tier used, each reason, before and after. */
export interface SimulatedProgramView {
  name: string
  member: boolean
  tier: string | null
  eligible: string
  lines: string[]
  balances: BalanceRow[]
  vouchers: string[]
}

export interface Simulation {
  problems: FormProblem[]
  /** What the staff member typed stays theirs; the page names the customer, never their contact details. */
  customerName: string | null
  totalCents: number
  programs: SimulatedProgramView[]
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

export function readSimulatorForm(raw: Record<string, unknown>): SimulatorForm {
  const query = joined(raw) as Record<string, unknown>
  return { store: text(query.store), customer: text(query.customer), total: text(query.total), lines: readLines(query.lines) }
}

/**
 * A field sent twice or as `field[]` arrives as a list: its strings are
 * joined, so a hand-made query is judged like a typed one ("2,50" itself
 * stays one value: config/app.ts turns qs' comma splitting off).
 */
function joined(value: unknown): unknown {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? value.join(',') : value.map(joined)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, joined(child)]))
}

/** Nothing asked yet: the page only shows the form. */
export function isUnasked(form: SimulatorForm) {
  return isBlank(form.customer) && isBlank(form.total) && isBlank(form.store) && form.lines.every((line) => Object.values(line).every(isBlank))
}

/** What the basket would earn, read-only (simulateEarning through read(): nothing is written). */
export async function simulate(form: SimulatorForm, i18n: I18n): Promise<Simulation> {
  const reader = new FormReader()
  const store = await storeOf(form.store, reader)
  const customer = await customerOf(form.customer, reader)
  const lines = basketLinesOf(form.lines, 'lines', reader)
  const totalCents = totalOf(form.total, lines, reader, i18n.locale)
  if (reader.problems.length > 0 || !store) return { problems: reader.problems, customerName: null, totalCents, programs: [] }
  const at = dbInstant(new Date(), db.connection().dialect.name)
  const simulated = await read(simulateEarning({ storeId: store.id, customerId: customer?.id ?? null, basket: { totalCents, lines }, at }))
  const rules = await rulesOf(simulated)
  return { problems: [], customerName: customer?.displayName ?? null, totalCents, programs: simulated.map((program) => viewOf(program, rules.get(program.program_id), i18n)) }
}

async function storeOf(publicId: string, reader: FormReader) {
  const store = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(publicId) ? await Store.findBy('publicId', publicId) : null
  if (!store) reader.problem('store', isBlank(publicId) ? 'required' : 'store_unknown')
  return store
}

/** A card code, a phone number or an e-mail, read as the till reads its search box. */
async function customerOf(typed: string, reader: FormReader) {
  if (isBlank(typed)) return null
  const identifier = parseIdentifier(typed)
  if (!identifier) return reader.problem('customer', 'customer_identifier')
  return (await findCustomer(identifier)) ?? reader.problem('customer', 'customer_unknown')
}

/** The total typed, else the sum of the lines; never below the lines (the rest would be a discount nobody typed). */
function totalOf(typed: string, lines: BasketLine[], reader: FormReader, locale: string) {
  const total = reader.euros('total', typed, false)
  const sum = linesTotal(lines)
  if (total === null && lines.length === 0) return reader.problem('total', 'basket_empty') ?? 0
  const cents = total ?? sum
  if (cents <= 0 || cents > MAX_PURCHASE_CENTS) reader.problem('total', 'amount_range')
  else if (total !== null && total < sum) reader.problem('total', 'total_below_lines', { lines: moneyText(sum, locale) })
  return cents
}

async function rulesOf(programs: SimulatedProgram[]) {
  const ids = programs.map((program) => program.program_id)
  const stored = ids.length > 0 ? await LoyaltyProgram.query().whereIn('publicId', ids) : []
  return new Map(stored.map((program) => [program.publicId, program.parsedRules]))
}

function viewOf(program: SimulatedProgram, rules: ProgramRules | undefined, i18n: I18n): SimulatedProgramView {
  return {
    name: program.name,
    member: program.member,
    tier: program.tier?.name ?? null,
    eligible: moneyText(program.eligible_cents, i18n.locale),
    lines: program.lines.map((line) => explanationText(i18n, line)),
    balances: balancesOf(program, rules, i18n.locale),
    vouchers: program.rewards_issued.map((voucher) => voucherText({ ...voucher, value_cents: voucher.value_cents ?? undefined, percent: voucher.percent ?? undefined, product_label: voucher.product_label ?? undefined }, i18n)),
  }
}

/** The units the programme has, each with its balances; money in the reader's format. */
function balancesOf(program: SimulatedProgram, rules: ProgramRules | undefined, locale: string): BalanceRow[] {
  const { balances_before: before, earned } = program
  const after = afterVouchers(program, rules)
  const money = (cents: number) => moneyText(cents, locale)
  const rows: BalanceRow[] = []
  if (rules?.points) rows.push({ unit: 'points', before: String(before.points), earned: `+${earned.points}`, after: String(after.points) })
  if (rules?.stamps) rows.push({ unit: 'stamps', before: String(before.stamps), earned: `+${earned.stamps}`, after: String(after.stamps) })
  if (rules?.cashback) rows.push({ unit: 'cashback', before: money(before.cashback_cents), earned: `+${money(earned.cashback_cents)}`, after: money(before.cashback_cents + earned.cashback_cents) })
  return rows
}

/** Balances once the vouchers are issued: each takes its points (or a full stamp card) off. */
function afterVouchers(program: SimulatedProgram, rules: ProgramRules | undefined) {
  let points = program.balances_before.points + program.earned.points
  let stamps = program.balances_before.stamps + program.earned.stamps
  for (const voucher of program.rewards_issued) {
    if (voucher.source === 'stamps') stamps -= rules?.stamps?.goal ?? 0
    else points -= automaticCost(voucher, rules)
  }
  return { points: Math.max(0, points), stamps: Math.max(0, stamps) }
}

function automaticCost(voucher: SimulatedVoucher, rules: ProgramRules | undefined) {
  const automatic = rules?.automatic_rewards ?? []
  const same = automatic.find(({ voucher: terms }) => terms.kind === voucher.kind && (terms.value_cents ?? null) === voucher.value_cents && (terms.percent ?? null) === voucher.percent && (terms.product_label ?? null) === voucher.product_label)
  return (same ?? automatic[0])?.every_points ?? 0
}
