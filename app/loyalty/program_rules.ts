import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'

/**
 * A programme's rules, stored as validated JSON on `loyalty_programs.rules`
 * and versioned (`rules_version`). Changing them never rewrites the past:
 * lots keep their `expires_at`, vouchers their terms snapshot.
 *
 * All figures are integers (invariant 1): money in cents, percentages in
 * whole percent or basis points as named, points and stamps whole.
 */
const code = () => vine.string().trim().minLength(1).maxLength(64)
const months = () => vine.number({ strict: true }).withoutDecimals().range([1, 120]).nullable()

export const voucherTerms = () =>
  vine.object({
    kind: vine.enum(['amount', 'percent', 'product'] as const),
    /** amount: the discount; product: the product's price, for the liability report. */
    value_cents: vine.number({ strict: true }).withoutDecimals().range([1, 100_000_00]).optional(),
    percent: vine.number({ strict: true }).withoutDecimals().range([1, 100]).optional(),
    product_label: vine.string().trim().minLength(1).maxLength(120).optional(),
    product_sku: code().optional(),
    validity_days: vine.number({ strict: true }).withoutDecimals().range([1, 3650]),
  })

export const programRulesSchema = vine.object({
  points: vine
    .object({
      /** Points per whole euro of the eligible amount, per purchase, rounded down. */
      per_euro: vine.number({ strict: true }).withoutDecimals().range([1, 1000]),
      excluded_skus: vine.array(code()).maxLength(500),
      excluded_categories: vine.array(code()).maxLength(100),
      validity_months: months(),
      /** Return window: earned points become spendable this many days later (0: at once). */
      pending_days: vine.number({ strict: true }).withoutDecimals().range([0, 365]),
      /** What one point is worth when paying with points, and in the liability report. */
      point_value_cents: vine.number({ strict: true }).withoutDecimals().range([1, 10_000]),
    })
    .nullable(),
  stamps: vine
    .object({
      skus: vine.array(code()).maxLength(500),
      categories: vine.array(code()).maxLength(100),
      /** Stamps that complete the card: "9 bought, the 10th free" is a goal of 9. */
      goal: vine.number({ strict: true }).withoutDecimals().range([2, 100]),
      reward: voucherTerms(),
      validity_months: months(),
    })
    .nullable(),
  cashback: vine
    .object({
      /** Basis points of the eligible amount (250 = 2.5 %), rounded down to the cent. */
      rate_bp: vine.number({ strict: true }).withoutDecimals().range([1, 5000]),
      validity_months: months(),
    })
    .nullable(),
  tiers: vine
    .object({
      basis: vine.enum(['spend_365d', 'points_365d'] as const),
      /** Ascending thresholds (cents of spend, or points earned); the first is 0. */
      levels: vine
        .array(
          vine.object({
            key: vine.string().trim().regex(/^[a-z0-9_-]{1,32}$/),
            name: vine.string().trim().minLength(1).maxLength(40),
            threshold: vine.number({ strict: true }).withoutDecimals().range([0, 100_000_000]),
            /** 100 = ×1, 125 = ×1.25; applied to base points, rounded down. */
            multiplier_pct: vine.number({ strict: true }).withoutDecimals().range([100, 1000]),
            perks: vine.string().trim().maxLength(300).optional(),
          })
        )
        .minLength(1)
        .maxLength(10),
    })
    .nullable(),
  automatic_rewards: vine
    .array(
      vine.object({
        /** Each time the balance reaches this many points, they are consumed and a voucher is issued. */
        every_points: vine.number({ strict: true }).withoutDecimals().range([1, 1_000_000]),
        voucher: voucherTerms(),
      })
    )
    .maxLength(5),
  refunds: vine.object({
    /** A full refund of a sale paid with a reward gives the reward back (vouchers re-issued, points re-credited). */
    restore_redeemed: vine.boolean({ strict: true }),
  }),
})

export type ProgramRules = Infer<typeof programRulesSchema>
export type VoucherTerms = Infer<ReturnType<typeof voucherTerms>>
export type TierLevel = NonNullable<ProgramRules['tiers']>['levels'][number]
export type Unit = 'points' | 'stamps' | 'cashback'

export const programRulesValidator = vine.compile(programRulesSchema)

/** Checks that vine cannot express: ascending tiers from 0, unique keys, complete voucher terms. */
export function ruleProblems(rules: ProgramRules): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = []
  const levels = rules.tiers?.levels ?? []
  if (levels.length > 0 && levels[0].threshold !== 0) problems.push({ field: 'tiers.levels.0.threshold', message: 'The first tier starts at 0' })
  levels.forEach((level, index) => {
    if (index > 0 && level.threshold <= levels[index - 1].threshold) problems.push({ field: `tiers.levels.${index}.threshold`, message: 'Tier thresholds must increase' })
    if (levels.findIndex((other) => other.key === level.key) !== index) problems.push({ field: `tiers.levels.${index}.key`, message: 'Tier keys must be unique' })
  })
  const terms: Array<[string, VoucherTerms]> = rules.automatic_rewards.map((reward, index) => [`automatic_rewards.${index}.voucher`, reward.voucher])
  if (rules.stamps) terms.push(['stamps.reward', rules.stamps.reward])
  for (const [field, voucher] of terms) {
    const problem = voucherTermsProblem(voucher)
    if (problem) problems.push({ field, message: problem })
  }
  if (rules.automatic_rewards.length > 0 && !rules.points) problems.push({ field: 'automatic_rewards', message: 'Automatic rewards need points' })
  return problems
}

export function voucherTermsProblem(voucher: Pick<VoucherTerms, 'kind' | 'value_cents' | 'percent' | 'product_label'>) {
  if (voucher.kind === 'amount' && !voucher.value_cents) return 'An amount voucher needs value_cents'
  if (voucher.kind === 'percent' && !voucher.percent) return 'A percentage voucher needs percent'
  if (voucher.kind === 'product' && !voucher.product_label) return 'A product voucher needs product_label'
  return null
}

/** Parses stored rules (already validated when saved). */
export function parseRules(text: string): ProgramRules {
  return JSON.parse(text) as ProgramRules
}

/** A fresh programme: points only, nothing else switched on. */
export function defaultRules(): ProgramRules {
  return {
    points: { per_euro: 1, excluded_skus: [], excluded_categories: [], validity_months: 12, pending_days: 0, point_value_cents: 5 },
    stamps: null,
    cashback: null,
    tiers: null,
    automatic_rewards: [],
    refunds: { restore_redeemed: true },
  }
}

/** Café des Arts (the demo shop, the tests and the docs). */
export function demoRules(): ProgramRules {
  return {
    points: { per_euro: 1, excluded_skus: ['CARTE-CADEAU'], excluded_categories: ['carte-cadeau'], validity_months: 12, pending_days: 0, point_value_cents: 5 },
    stamps: {
      skus: [],
      categories: ['café'],
      goal: 9,
      reward: { kind: 'product', product_label: 'Un café offert', value_cents: 250, validity_days: 60 },
      validity_months: null,
    },
    cashback: null,
    tiers: {
      basis: 'spend_365d',
      levels: [
        { key: 'bronze', name: 'Bronze', threshold: 0, multiplier_pct: 100 },
        { key: 'argent', name: 'Argent', threshold: 300_00, multiplier_pct: 125, perks: 'Points × 1,25' },
        { key: 'or', name: 'Or', threshold: 800_00, multiplier_pct: 150, perks: 'Points × 1,5' },
      ],
    },
    automatic_rewards: [{ every_points: 100, voucher: { kind: 'amount', value_cents: 500, validity_days: 60 } }],
    refunds: { restore_redeemed: true },
  }
}
