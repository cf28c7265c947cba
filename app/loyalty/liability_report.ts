import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { LedgerKind, LedgerUnit } from '#loyalty/models/ledger_entry'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { noVouchers, voucherFigures, voucherQuery, type VoucherLine } from '#loyalty/liability_vouchers'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { runOn, sql, type Row, type SqlProgram } from '#shared/sql_program'

/**
 * The loyalty liability for the accountant (R38): per programme and unit,
 * what was owed at the start of a period, what moved during it, what is
 * owed at its end, and what that is worth in euros; the same for vouchers.
 *
 * "Outstanding at T" is the ledger replayed to T: every entry dated before
 * T, except that expiries count at their own instant (a lot whose last
 * valid day is 30 April is gone at the close of 30 April). A lot past its
 * expiry that the expiry pass has not reached yet is still open; its
 * remainder counts as expired at its `expires_at` (it cannot change after
 * that: debits never take expired lots), so a report reads the same before
 * and after the pass. Hence, per programme and unit:
 *
 *   outstanding(T) = Σ entries (non-expiry before T, expiry at or before T)
 *                    − Σ open lot remainders with expires_at ≤ T
 *
 * Read exactly without replaying the whole ledger: the period's entries
 * come through the `occurred_at` index, and the entries up to `to` are
 * either the cached balances (= Σ all entries) minus what is dated after
 * `to`, or what is dated before `from` plus the period, whichever side of
 * the ledger is shorter; opening = closing − movements. One snapshot,
 * integers only.
 */
export interface LiabilityPeriod {
  /** Calendar days (YYYY-MM-DD) in `timezone`, both included. */
  fromOn: string
  toOn: string
  timezone: string
}

export const MOVEMENTS = ['earned', 'bonus', 'redeemed', 'expired', 'reversed', 'adjusted'] as const
export type Movement = (typeof MOVEMENTS)[number]
/** `rounding`: stamps only, so the euro column of the lines adds up (each line is rounded down on its own). */
export type UnitLine = 'opening' | Movement | 'rounding' | 'closing'

const LINE_OF_KIND: Record<LedgerKind, Movement> = { earn: 'earned', bonus: 'bonus', redeem: 'redeemed', expire: 'expired', reverse: 'reversed', adjust: 'adjusted' }
const UNITS: LedgerUnit[] = ['points', 'stamps', 'cashback']

/** How a unit becomes euros: the programme's current rules (never those at earning time). */
export type Valuation = { basis: 'point'; pointValueCents: number } | { basis: 'stamp'; rewardValueCents: number; goal: number } | { basis: 'cents' }

export interface UnitFigures {
  unit: LedgerUnit
  /** null: no value (e.g. stamps whose reward has no price). */
  valuation: Valuation | null
  lines: Array<{ line: UnitLine; units: number; valueCents: number | null }>
}

export interface ProgramLiability {
  publicId: string | null
  name: string | null
  storeName: string | null
  status: string | null
  units: UnitFigures[]
  vouchers: VoucherLine[]
  /** What the units (where they have a value) and the vouchers are worth at the end. */
  closingValueCents: number
}

export interface LiabilityReport {
  period: LiabilityPeriod
  fromAt: Date
  toAt: Date
  programs: ProgramLiability[]
  /** Vouchers of no programme (a staff gesture, an animation), when there are any. */
  otherVouchers: ProgramLiability | null
  closingValueCents: number
}

/** Local midnight of the first day, and local midnight after the last (days of 23 or 25 hours at DST changes). */
export function periodBounds(period: LiabilityPeriod) {
  const day = (on: string) => DateTime.fromISO(on, { zone: period.timezone }).startOf('day')
  return { fromAt: day(period.fromOn).toJSDate(), toAt: day(period.toOn).plus({ days: 1 }).startOf('day').toJSDate() }
}

/** `side`: which side of the ledger to read (both give the same figures); by default the shorter. */
export type LedgerSide = 'after' | 'before'

export async function liabilityReport(period: LiabilityPeriod, side?: LedgerSide): Promise<LiabilityReport> {
  const { fromAt, toAt } = periodBounds(period)
  const raw = await snapshot(rawFigures(fromAt, toAt, db.connection().dialect.name, side))
  const vouchers = voucherFigures(raw.vouchers)
  const programs = raw.programs.map((row) => programLiability(row, raw, vouchers.get(Number(row.id)) ?? null))
  const others = vouchers.get(null)
  const otherVouchers = others?.some((line) => line.count > 0) ? withTotal({ publicId: null, name: null, storeName: null, status: null, units: [], vouchers: others }) : null
  const closingValueCents = [...programs, ...(otherVouchers ? [otherVouchers] : [])].reduce((sum, program) => sum + program.closingValueCents, 0)
  return { period, fromAt, toAt, programs, otherVouchers, closingValueCents }
}

/** One snapshot: a Postgres REPEATABLE READ transaction; on SQLite a read transaction on its one connection. */
function snapshot<T>(program: SqlProgram<T>): Promise<T> {
  const options = db.connection().dialect.name === 'postgres' ? { isolationLevel: 'repeatable read' as const } : undefined
  return db.transaction((trx) => runOn(trx, program), options)
}

const PROGRAMS_SQL = `SELECT p.id, p.public_id, p.name, p.status, p.rules, s.name AS store_name
  FROM loyalty_programs p LEFT JOIN stores s ON s.id = p.store_id ORDER BY p.position, p.id`

const EARLIEST_SQL = 'SELECT MIN(occurred_at) AS earliest FROM ledger_entries'

/** Σ of every entry, per programme: the cached balances (loyalty:check proves them). */
const BALANCES_SQL = `SELECT program_id, SUM(points) AS points, SUM(stamps) AS stamps, SUM(cashback_cents) AS cashback
  FROM loyalty_accounts GROUP BY program_id`

// CROSS JOIN: SQLite then reads the entries first, by their date, whatever
// its statistics say (Postgres plans it as any inner join).
const ENTRIES = 'FROM ledger_entries e CROSS JOIN loyalty_accounts a WHERE a.id = e.account_id'

/** The period's entries by kind; an expiry dated exactly at `from` belongs to the period before. */
const MOVEMENTS_SQL = `SELECT a.program_id, e.unit, e.kind, SUM(e.amount) AS total ${ENTRIES}
  AND e.occurred_at >= ? AND e.occurred_at <= ? AND ((e.kind = 'expire' AND e.occurred_at > ?) OR (e.kind <> 'expire' AND e.occurred_at < ?))
  GROUP BY a.program_id, e.unit, e.kind`

/** What is dated after the period, to take off the cached balances. */
const AFTER_SQL = `SELECT a.program_id, e.unit, SUM(e.amount) AS total ${ENTRIES}
  AND e.occurred_at >= ? AND (e.kind <> 'expire' OR e.occurred_at > ?) GROUP BY a.program_id, e.unit`

/** What is dated before the period (expiries at `from` included). */
const BEFORE_SQL = `SELECT a.program_id, e.unit, SUM(e.amount) AS total ${ENTRIES}
  AND e.occurred_at <= ? AND (e.kind = 'expire' OR e.occurred_at < ?) GROUP BY a.program_id, e.unit`

/** Open lots already past their expiry at `to` (the pass has not reached them): by `from`, and by `to`. */
const LAPSED_SQL = `SELECT a.program_id, o.unit, SUM(CASE WHEN o.expires_at <= ? THEN o.remaining ELSE 0 END) AS by_from, SUM(o.remaining) AS by_to
  FROM ledger_open_items o CROSS JOIN loyalty_accounts a WHERE a.id = o.account_id AND o.side = 'credit' AND o.expires_at <= ?
  GROUP BY a.program_id, o.unit`

interface RawFigures {
  programs: Row[]
  /** Σ entries up to `to` (non-expiries before it, expiries at or before it), per programme and unit. */
  byTo: Map<string, number>
  movements: Map<string, number>
  lapsedByFrom: Map<string, number>
  lapsedByTo: Map<string, number>
  vouchers: Row[]
}

function* rawFigures(from: Date, to: Date, dialect: string, side?: LedgerSide): SqlProgram<RawFigures> {
  const [fromDb, toDb] = [dbInstant(from, dialect), dbInstant(to, dialect)]
  const programs = yield sql(PROGRAMS_SQL)
  const movements = sums(yield sql(MOVEMENTS_SQL, [fromDb, toDb, fromDb, toDb]), (row) => key(row.program_id, row.unit, row.kind), 'total')
  const byTo = (side ?? (yield* shorterSide(from, to))) === 'before' ? yield* byToFromBefore(fromDb, movements) : yield* byToFromBalances(toDb)
  const lapsed = yield sql(LAPSED_SQL, [fromDb, toDb])
  const lapsedByFrom = sums(lapsed, (row) => key(row.program_id, row.unit), 'by_from')
  const lapsedByTo = sums(lapsed, (row) => key(row.program_id, row.unit), 'by_to')
  const vouchers = yield voucherQuery(fromDb, toDb)
  return { programs, byTo, movements, lapsedByFrom, lapsedByTo, vouchers }
}

/** [earliest entry, to] or [from, now]: judged by time, as a ledger grows about evenly. */
function* shorterSide(from: Date, to: Date): SqlProgram<LedgerSide> {
  const [{ earliest }] = yield sql(EARLIEST_SQL)
  if (earliest === null) return 'after'
  return to.getTime() - instantFromDb(earliest).getTime() < Date.now() - from.getTime() ? 'before' : 'after'
}

function* byToFromBalances(toDb: string): SqlProgram<Map<string, number>> {
  const balances = yield sql(BALANCES_SQL)
  const byTo = new Map(balances.flatMap((row) => UNITS.map((unit) => [key(row.program_id, unit), Number(row[unit] ?? 0)] as const)))
  for (const row of yield sql(AFTER_SQL, [toDb, toDb])) add(byTo, key(row.program_id, row.unit), -Number(row.total))
  return byTo
}

function* byToFromBefore(fromDb: string, movements: Map<string, number>): SqlProgram<Map<string, number>> {
  const byTo = sums(yield sql(BEFORE_SQL, [fromDb, fromDb]), (row) => key(row.program_id, row.unit), 'total')
  for (const [movementKey, total] of movements) add(byTo, movementKey.split('|').slice(0, 2).join('|'), total)
  return byTo
}

function add(map: Map<string, number>, mapKey: string, amount: number) {
  map.set(mapKey, (map.get(mapKey) ?? 0) + amount)
}

const key = (...parts: unknown[]) => parts.map(String).join('|')

function sums(rows: Row[], keyOf: (row: Row) => string, column: string) {
  return new Map(rows.map((row) => [keyOf(row), Number(row[column] ?? 0)]))
}

function programLiability(row: Row, raw: RawFigures, vouchers: VoucherLine[] | null): ProgramLiability {
  const rules = parseRules(String(row.rules))
  const units = UNITS.map((unit) => unitFigures(unit, Number(row.id), raw, valuationOf(rules, unit))).filter((figures) => offers(rules, figures.unit) || figures.lines.some((line) => line.units !== 0))
  return withTotal({
    publicId: String(row.public_id),
    name: String(row.name),
    storeName: row.store_name === null ? null : String(row.store_name),
    status: String(row.status),
    units,
    vouchers: vouchers ?? noVouchers(),
  })
}

function withTotal(program: Omit<ProgramLiability, 'closingValueCents'>): ProgramLiability {
  const units = program.units.reduce((sum, figures) => sum + (figures.lines.find((line) => line.line === 'closing')!.valueCents ?? 0), 0)
  return { ...program, closingValueCents: units + program.vouchers.find((line) => line.line === 'closing')!.valueCents }
}

function unitFigures(unit: LedgerUnit, programId: number, raw: RawFigures, valuation: Valuation | null): UnitFigures {
  const at = (map: Map<string, number>, ...rest: string[]) => map.get(key(programId, unit, ...rest)) ?? 0
  const moved = new Map<Movement, number>(MOVEMENTS.map((line) => [line, 0]))
  for (const [kind, line] of Object.entries(LINE_OF_KIND)) moved.set(line, moved.get(line)! + at(raw.movements, kind))
  // Lots that lapsed in the period without an expire entry yet.
  moved.set('expired', moved.get('expired')! - (at(raw.lapsedByTo) - at(raw.lapsedByFrom)))
  const closing = at(raw.byTo) - at(raw.lapsedByTo)
  const opening = closing - [...moved.values()].reduce((sum, units) => sum + units, 0)
  return { unit, valuation, lines: valuedLines(opening, moved, closing, valuation) }
}

function valuedLines(opening: number, moved: Map<Movement, number>, closing: number, valuation: Valuation | null): UnitFigures['lines'] {
  const line = (name: UnitLine, units: number) => ({ line: name, units, valueCents: valueOf(units, valuation) })
  const lines = [line('opening', opening), ...MOVEMENTS.map((name) => line(name, moved.get(name)!))]
  if (valuation?.basis === 'stamp') {
    const rounded = lines.reduce((sum, each) => sum + each.valueCents!, 0)
    lines.push({ line: 'rounding', units: 0, valueCents: valueOf(closing, valuation)! - rounded })
  }
  return [...lines, line('closing', closing)]
}

function offers(rules: ProgramRules, unit: LedgerUnit) {
  return rules[unit] !== null
}

export function valuationOf(rules: ProgramRules, unit: LedgerUnit): Valuation | null {
  if (unit === 'cashback') return { basis: 'cents' }
  if (unit === 'points') return rules.points ? { basis: 'point', pointValueCents: rules.points.point_value_cents } : null
  const reward = rules.stamps?.reward
  return rules.stamps && reward?.value_cents ? { basis: 'stamp', rewardValueCents: reward.value_cents, goal: rules.stamps.goal } : null
}

/** Cents, exactly (BigInt): points × point value; stamps × reward value ÷ goal, rounded down; cashback as is. */
export function valueOf(units: number, valuation: Valuation | null): number | null {
  if (!valuation) return null
  if (valuation.basis === 'cents') return units
  if (valuation.basis === 'point') return Number(BigInt(units) * BigInt(valuation.pointValueCents))
  return Number(floorDiv(BigInt(units) * BigInt(valuation.rewardValueCents), BigInt(valuation.goal)))
}

function floorDiv(a: bigint, b: bigint) {
  const quotient = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient
}
