/**
 * The programme form as typed: every field a string (or a tick), so a form
 * sent back with errors shows exactly what the owner wrote. Fixed numbers
 * of rows: the page offers them all, blank rows are ignored.
 */
export const MAX_TIERS = 10
export const MAX_AUTOMATIC_REWARDS = 5
export const MAX_BASKET_LINES = 6

export interface VoucherForm {
  kind: string
  value: string
  percent: string
  product_label: string
  product_sku: string
  validity_days: string
}

export interface TierForm {
  key: string
  name: string
  threshold: string
  multiplier: string
  perks: string
}

export interface AutomaticForm {
  every_points: string
  voucher: VoucherForm
}

export interface LineForm {
  quantity: string
  name: string
  sku: string
  category: string
  unit_price: string
}

export interface ProgramForm {
  name: string
  store_id: string
  enrolment: string
  status: string
  points: { enabled: boolean; per_euro: string; excluded_skus: string; excluded_categories: string; validity_months: string; pending_days: string; point_value: string }
  stamps: { enabled: boolean; skus: string; categories: string; goal: string; validity_months: string; reward: VoucherForm }
  cashback: { enabled: boolean; rate: string; validity_months: string }
  tiers: { enabled: boolean; basis: string; levels: TierForm[] }
  automatic_rewards: { enabled: boolean; rows: AutomaticForm[] }
  refunds: { restore_redeemed: boolean }
  /** The sample basket of the live example, and the tier it is priced in. */
  example: { tier: string; lines: LineForm[] }
}

type Fields = Record<string, unknown>

/** Anything but a string (an array, an object, a number from a hostile client) reads as blank. */
const text = (value: unknown) => (typeof value === 'string' ? value : '')
const ticked = (value: unknown) => value === true || value === '1' || value === 'on' || value === 'true'
const fields = (value: unknown): Fields => (value !== null && typeof value === 'object' ? (value as Fields) : {})

function rows<T>(value: unknown, count: number, read: (row: Fields) => T): T[] {
  const all = fields(value)
  return Array.from({ length: count }, (_, index) => read(fields(all[index])))
}

export function readVoucher(value: unknown): VoucherForm {
  return pick(fields(value), ['kind', 'value', 'percent', 'product_label', 'product_sku', 'validity_days'] as const)
}

function readTier(row: Fields): TierForm {
  return pick(row, ['key', 'name', 'threshold', 'multiplier', 'perks'] as const)
}

export function readLine(row: Fields): LineForm {
  return pick(row, ['quantity', 'name', 'sku', 'category', 'unit_price'] as const)
}

export function readLines(value: unknown): LineForm[] {
  return rows(value, MAX_BASKET_LINES, readLine)
}

/** A posted body (urlencoded, nested by brackets) as a ProgramForm, whatever was sent. */
export function readProgramForm(body: unknown): ProgramForm {
  const b = fields(body)
  const example = fields(b.example)
  return {
    name: text(b.name),
    store_id: text(b.store_id),
    enrolment: text(b.enrolment),
    status: text(b.status),
    ...readMechanics(b),
    refunds: { restore_redeemed: ticked(fields(b.refunds).restore_redeemed) },
    example: { tier: text(example.tier), lines: readLines(example.lines) },
  }
}

function readMechanics(b: Fields): Pick<ProgramForm, 'points' | 'stamps' | 'cashback' | 'tiers' | 'automatic_rewards'> {
  const [points, stamps, cashback, tiers, automatic] = [b.points, b.stamps, b.cashback, b.tiers, b.automatic_rewards].map(fields)
  return {
    points: { enabled: ticked(points.enabled), ...pick(points, ['per_euro', 'excluded_skus', 'excluded_categories', 'validity_months', 'pending_days', 'point_value'] as const) },
    stamps: { enabled: ticked(stamps.enabled), ...pick(stamps, ['skus', 'categories', 'goal', 'validity_months'] as const), reward: readVoucher(stamps.reward) },
    cashback: { enabled: ticked(cashback.enabled), ...pick(cashback, ['rate', 'validity_months'] as const) },
    tiers: { enabled: ticked(tiers.enabled), basis: text(tiers.basis), levels: rows(tiers.levels, MAX_TIERS, readTier) },
    automatic_rewards: { enabled: ticked(automatic.enabled), rows: rows(automatic.rows, MAX_AUTOMATIC_REWARDS, (row) => ({ every_points: text(row.every_points), voucher: readVoucher(row.voucher) })) },
  }
}

function pick<K extends string>(value: Fields, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, text(value[key])])) as Record<K, string>
}

/** Every field path of the form ("tiers.levels.3.name"), to put an error next to the input it is about. */
export function formFieldPaths(form: ProgramForm): Set<string> {
  const paths = new Set<string>()
  const walk = (value: unknown, prefix: string) => {
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key)
    } else paths.add(prefix)
  }
  walk(form, '')
  return paths
}
