import vine from '@vinejs/vine'
import type { FieldContext, Infer } from '@vinejs/vine/types'
import { parseEuros } from '#loyalty/admin/form_values'

const MAX_VALUE_CENTS = 100_000_00

/** "5", "5,50", "5.50 €" → cents, from 0,01 € to 100 000 € (the voucher terms' bounds). */
const eurosRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const cents = parseEuros(value)
  if (!cents || cents > MAX_VALUE_CENTS) return field.report('Not an amount in euros', 'euros', field)
  field.mutate(cents, field)
})

const euros = () =>
  vine
    .string()
    .trim()
    .maxLength(20)
    .use(eurosRule())
    .transform((cents) => Number(cents))

const whole = (min: number, max: number) => vine.number().withoutDecimals().range([min, max])

/**
 * An item of the rewards shop. What the voucher gives depends on its kind:
 * an amount needs its value, a percentage its rate, a free product its
 * SKU (its price is optional and values it in the liability report).
 */
export const rewardValidator = vine.compile(
  vine
    .object({
      name: vine.string().trim().minLength(1).maxLength(80),
      description: vine.string().trim().maxLength(500).optional(),
      kind: vine.enum(['amount', 'percent', 'product'] as const),
      cost_points: whole(1, 1_000_000),
      // Blank: unlimited stock, no limit per customer.
      stock: whole(0, 1_000_000).optional(),
      per_customer_limit: whole(1, 1000).optional(),
      validity_days: whole(1, 3650),
      active: vine.boolean().optional(),
    })
    .merge(
      vine.group([
        vine.group.if((data) => data.kind === 'amount', { value: euros() }),
        vine.group.if((data) => data.kind === 'percent', { percent: whole(1, 100) }),
        vine.group.if((data) => data.kind === 'product', { product_sku: vine.string().trim().minLength(1).maxLength(64), value: euros().optional() }),
      ]).otherwise(() => {})
    )
)

export type RewardInput = Infer<typeof rewardValidator>
