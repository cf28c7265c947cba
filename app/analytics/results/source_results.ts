import db from '@adonisjs/lucid/services/db'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import { valuationOf, valueOf } from '#loyalty/liability_report'
import { dbInstant } from '#shared/db_time'
import { read, sql, type Row, type SqlProgram } from '#shared/sql_program'
import { uplift, type GroupFigures, type Uplift } from '#analytics/results/uplift'

/** An animation or a campaign, as its firings name it. */
export interface ResultsSource {
  type: 'animation' | 'campaign'
  id: number
  /** The cause of the bonus points it granted in the ledger. */
  publicId: string
}

/** The messages to the treated units, by where they are (one per firing and channel). */
export interface MessageFunnel {
  messages: number
  /** Status `sent`: the transport took it (no receipt is tracked beyond). */
  delivered: number
  failed: number
  /** Queued, held to a later slot or being sent; `held` by reason (quiet hours, SMS window). */
  waiting: number
  heldByReason: Record<string, number>
  /** Not sent, by reason (no consent, frequency cap…). */
  skippedByReason: Record<string, number>
  /** Treated units with at least one message delivered. */
  reachedUnits: number
}

export interface RewardCost {
  /** Discounts of the applied redemptions of the vouchers it issued. */
  voucherDiscountCents: number
  pointsAwarded: number
  /** The points at their programme's current value (as the liability report values them). */
  pointsCents: number
  totalCents: number
}

export interface SourceResults {
  days: number
  treated: GroupFigures
  holdout: GroupFigures
  messages: MessageFunnel
  cost: RewardCost
  uplift: Uplift
}

/**
 * The results of an animation or a campaign for an attribution window of
 * `days`: each firing is a unit (a customer fired twice counts twice),
 * converted when its customer bought within `days` after the firing,
 * with that revenue net of refunds. Every figure is one grouped query.
 */
export async function sourceResults(source: ResultsSource, days: number, now = new Date()): Promise<SourceResults> {
  const dialect = db.connection().dialect.name
  const groups = await read(unitGroups(source, days, now, dialect))
  const messages = await read(messageFunnel(source))
  const cost = await rewardCost(source)
  return { days, ...groups, messages, cost, uplift: uplift(groups.treated, groups.holdout, cost.totalCents) }
}

/** Postgres adds an interval; SQLite's timestamps are UTC text that datetime() shifts in the same format. */
function windowEnd(dialect: string) {
  return dialect === 'postgres' ? `f.created_at + CAST(? AS INTEGER) * INTERVAL '1 day'` : `datetime(f.created_at, ?)`
}

/**
 * Three levels: each firing × purchase in its window (net of that
 * purchase's refunds), each firing, each group (holdout or not).
 * Σ revenue² is taken in floating point: it can outgrow a BIGINT.
 */
function* unitGroups(source: ResultsSource, days: number, now: Date, dialect: string): SqlProgram<{ treated: GroupFigures; holdout: GroupFigures }> {
  const matured = dbInstant(new Date(now.getTime() - days * 86_400_000), dialect)
  const rows = yield sql(
    `SELECT u.holdout, COUNT(*) AS units, SUM(CASE WHEN u.purchases > 0 THEN 1 ELSE 0 END) AS converted,
       COALESCE(SUM(u.revenue), 0) AS revenue, COALESCE(SUM(u.revenue * 1.0 * u.revenue), 0) AS squares,
       SUM(CASE WHEN u.created_at <= ? THEN 1 ELSE 0 END) AS matured
     FROM (
       SELECT fp.id, fp.holdout, fp.created_at, COUNT(fp.purchase_id) AS purchases, COALESCE(SUM(fp.net), 0) AS revenue
       FROM (
         SELECT f.id, f.holdout, f.created_at, p.id AS purchase_id, p.total_cents - COALESCE(SUM(r.amount_cents), 0) AS net
         FROM firings f
         LEFT JOIN purchases p ON p.customer_id = f.customer_id AND p.occurred_at > f.created_at AND p.occurred_at <= ${windowEnd(dialect)}
         LEFT JOIN refunds r ON r.purchase_id = p.id
         WHERE f.source_type = ? AND f.source_id = ?
         GROUP BY f.id, f.holdout, f.created_at, p.id, p.total_cents
       ) fp
       GROUP BY fp.id, fp.holdout, fp.created_at
     ) u
     GROUP BY u.holdout`,
    [matured, dialect === 'postgres' ? days : `+${days} days`, source.type, source.id]
  )
  const groupOf = (heldOut: boolean) => figuresOf(rows.find((row) => isTrue(row.holdout) === heldOut))
  return { treated: groupOf(false), holdout: groupOf(true) }
}

function figuresOf(row: Row | undefined): GroupFigures {
  const number = (value: unknown) => Number(value ?? 0)
  return { units: number(row?.units), converted: number(row?.converted), revenueCents: number(row?.revenue), revenueSquaresCents: number(row?.squares), maturedUnits: number(row?.matured) }
}

/** A boolean column: true/false on Postgres, 1/0 on SQLite. */
function isTrue(value: unknown) {
  return value === true || Number(value) === 1
}

/** The treated units' messages by status and reason (held-out firings have one `skipped`/`holdout` each: left out). */
function* messageFunnel(source: ResultsSource): SqlProgram<MessageFunnel> {
  const rows = yield sql(
    `SELECT d.status, d.reason, COUNT(*) AS total FROM deliveries d JOIN firings f ON f.id = d.firing_id
     WHERE f.source_type = ? AND f.source_id = ? AND NOT f.holdout GROUP BY d.status, d.reason`,
    [source.type, source.id]
  )
  const [reached] = yield sql(
    `SELECT COUNT(DISTINCT d.firing_id) AS total FROM deliveries d JOIN firings f ON f.id = d.firing_id
     WHERE f.source_type = ? AND f.source_id = ? AND NOT f.holdout AND d.status = 'sent'`,
    [source.type, source.id]
  )
  const count = (statuses: string[]) => rows.filter((row) => statuses.includes(String(row.status))).reduce((sum, row) => sum + Number(row.total), 0)
  return {
    messages: count(['queued', 'held', 'sending', 'sent', 'skipped', 'failed', 'interrupted']),
    delivered: count(['sent']),
    failed: count(['failed', 'interrupted']),
    waiting: count(['queued', 'held', 'sending']),
    heldByReason: byReason(rows, 'held'),
    skippedByReason: byReason(rows, 'skipped'),
    reachedUnits: Number(reached?.total ?? 0),
  }
}

function byReason(rows: Row[], status: string) {
  const counts: Record<string, number> = {}
  for (const row of rows.filter((candidate) => candidate.status === status)) {
    const reason = row.reason === null || row.reason === undefined ? 'other' : String(row.reason)
    counts[reason] = (counts[reason] ?? 0) + Number(row.total)
  }
  return counts
}

async function rewardCost(source: ResultsSource): Promise<RewardCost> {
  const voucherDiscountCents = await read(voucherDiscounts(source))
  const points = await read(pointsByProgram(source))
  const programs = points.length === 0 ? [] : await LoyaltyProgram.query().whereIn('id', points.map((line) => line.programId))
  const rulesOf = new Map(programs.map((program) => [program.id, program.parsedRules]))
  // A programme that no longer has points gives them no value (as in the liability report).
  const pointsCents = points.reduce((sum, line) => {
    const rules = rulesOf.get(line.programId)
    return sum + (rules ? (valueOf(line.points, valuationOf(rules, 'points')) ?? 0) : 0)
  }, 0)
  const pointsAwarded = points.reduce((sum, line) => sum + line.points, 0)
  return { voucherDiscountCents, pointsAwarded, pointsCents, totalCents: voucherDiscountCents + pointsCents }
}

/**
 * The vouchers this source issued: a treated firing's voucher issued with
 * it. A firing about an older voucher (one expiring, a reward unlocked)
 * names that voucher too, but its cost is not this source's.
 */
function* voucherDiscounts(source: ResultsSource): SqlProgram<number> {
  const [row] = yield sql(
    `SELECT COALESCE(SUM(r.discount_cents), 0) AS total FROM firings f
     JOIN vouchers v ON v.id = f.voucher_id JOIN redemptions r ON r.voucher_id = v.id
     WHERE f.source_type = ? AND f.source_id = ? AND NOT f.holdout AND v.source = 'animation' AND v.issued_at >= f.created_at AND r.status = 'applied'`,
    [source.type, source.id]
  )
  return Number(row?.total ?? 0)
}

/** Its bonus points as the ledger has them (cause: the source's public id), per programme, so each is valued at its own rate. */
function* pointsByProgram(source: ResultsSource): SqlProgram<Array<{ programId: number; points: number }>> {
  const rows = yield sql(
    `SELECT a.program_id, COALESCE(SUM(e.amount), 0) AS points FROM ledger_entries e JOIN loyalty_accounts a ON a.id = e.account_id
     WHERE e.cause_type = 'animation' AND e.cause_id = ? AND e.unit = 'points' AND e.kind = 'bonus' GROUP BY a.program_id`,
    [source.publicId]
  )
  return rows.map((row) => ({ programId: Number(row.program_id), points: Number(row.points) }))
}
