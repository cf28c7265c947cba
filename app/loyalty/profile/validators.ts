import vine from '@vinejs/vine'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
const reason = () => vine.string().trim().minLength(3).maxLength(200)

/** "+10", "-5" or "10": a signed whole number of units, never 0. */
export const adjustmentValidator = vine.compile(
  vine.object({
    program_id: vine.string().trim().regex(ULID),
    unit: vine.enum(['points', 'stamps', 'cashback'] as const),
    amount: vine.string().trim().maxLength(12).regex(/^[+-]?\d{1,7}$/).transform((value) => Number(value)),
    reason: reason(),
  })
)

export const tierFloorValidator = vine.compile(
  vine.object({
    program_id: vine.string().trim().regex(ULID),
    tier: vine.string().trim().maxLength(32).optional(),
    floor_reason: reason(),
  })
)

export const membershipValidator = vine.compile(vine.object({ program_id: vine.string().trim().regex(ULID) }))

export const ledgerPageValidator = vine.compile(vine.object({ before: vine.number().withoutDecimals().positive().optional() }))
