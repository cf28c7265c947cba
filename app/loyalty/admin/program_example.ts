import type { I18n } from '@adonisjs/i18n'
import { earnFor, type Basket } from '#loyalty/earn_rules'
import { explanationText } from '#loyalty/explain'
import type { ProgramRules } from '#loyalty/program_rules'
import { currentLevel, levelByKey } from '#loyalty/tiers'
import { moneyText } from '#loyalty/admin/program_summary'

/** What the sample basket earns under the rules being edited, line by line, in the reader's language. */
export interface ProgramExample {
  total: string
  eligible: string
  tier: string | null
  lines: string[]
  earned: Array<{ unit: 'points' | 'stamps' | 'cashback'; amount: string }>
}

export function programExample(rules: ProgramRules, basket: Basket, tierKey: string, i18n: I18n): ProgramExample {
  const tier = levelByKey(rules, tierKey) ?? currentLevel(rules, null)
  const earned = earnFor(rules, basket, tier)
  const figures: ProgramExample['earned'] = []
  if (rules.points) figures.push({ unit: 'points', amount: i18n.t('programs.example.points', { points: earned.points }) })
  if (rules.stamps) figures.push({ unit: 'stamps', amount: i18n.t('programs.example.stamps', { stamps: earned.stamps }) })
  if (rules.cashback) figures.push({ unit: 'cashback', amount: moneyText(earned.cashbackCents, i18n.locale) })
  return {
    total: moneyText(basket.totalCents, i18n.locale),
    eligible: moneyText(earned.eligibleCents, i18n.locale),
    tier: tier?.name ?? null,
    lines: earned.explanation.map((line) => explanationText(i18n, line)),
    earned: figures,
  }
}
