import type { ProgramRules, TierLevel } from '#loyalty/program_rules'

/**
 * Tiers ("statuts"): the level a figure reaches (rolling 365-day spend in
 * cents, or points earned in 365 days), never below the floor staff set.
 * Recalculated on every purchase and each night, so a customer whose
 * rolling figure falls under their level's threshold moves down to the
 * level it still reaches (the stated downgrade rule).
 */
export function levelByKey(rules: ProgramRules, key: string | null): TierLevel | null {
  if (!rules.tiers) return null
  return rules.tiers.levels.find((level) => level.key === key) ?? null
}

export function levelReached(rules: ProgramRules, figure: number, floorKey: string | null): TierLevel | null {
  if (!rules.tiers) return null
  const levels = rules.tiers.levels
  let reached = levels[0]
  for (const level of levels) if (figure >= level.threshold) reached = level
  const floor = levelByKey(rules, floorKey)
  return floor && levels.indexOf(floor) > levels.indexOf(reached) ? floor : reached
}

/** The tier held at the start of a sale: the stored one, or the entry level for a new member. */
export function currentLevel(rules: ProgramRules, key: string | null): TierLevel | null {
  return levelByKey(rules, key) ?? rules.tiers?.levels[0] ?? null
}

/** The next level and what is missing to reach it, for receipts and the portal. */
export function nextLevel(rules: ProgramRules, current: TierLevel | null, figure: number) {
  if (!rules.tiers || !current) return null
  const levels = rules.tiers.levels
  const next = levels[levels.indexOf(current) + 1]
  return next ? { level: next, missing: Math.max(0, next.threshold - figure) } : null
}
