import type { I18n } from '@adonisjs/i18n'
import { appUrl } from '#config/app'
import { formatHundredths } from '#loyalty/admin/form_values'
import { codesText, moneyText, voucherText } from '#loyalty/admin/program_summary'
import type { TermsVersion } from '#loyalty/terms/program_terms'
import type { TermsProgram, TermsSnapshot } from '#loyalty/terms/terms_snapshot'
import { formatDate } from '#shared/format'

export interface TermsSection {
  heading: string
  paragraphs: string[]
  /** A list after the paragraphs (the rewards shop). */
  items?: string[]
}

export interface TermsDocument {
  title: string
  version: number
  /** "Version 3, applicable à partir du 2 janvier 2027." and, when it is not (or never was) in force, why. */
  status: string[]
  changes: string | null
  sections: TermsSection[]
}

/**
 * One version of the terms in plain words, from its snapshot only: what
 * the configuration said when it was published, in the reader's language.
 * Every value is text (the page and the PDF escape it).
 */
export function termsDocument(terms: TermsVersion, i18n: I18n, options: { timezone: string; storeSlug: string; now?: Date }): TermsDocument {
  const { snapshot } = terms
  const date = formatDate(terms.effectiveFrom, options.timezone, i18n.locale)
  const status = [i18n.t('terms.version', { version: terms.version, date })]
  if (terms.supersededAt) status.push(i18n.t('terms.version_superseded'))
  else if (terms.effectiveFrom.toJSDate() > (options.now ?? new Date())) status.push(i18n.t('terms.version_upcoming', { date }))
  return {
    title: i18n.t('terms.title'),
    version: terms.version,
    status,
    changes: terms.changes ? i18n.t('terms.changes', { changes: terms.changes }) : null,
    sections: [
      organiserSection(snapshot, i18n),
      { heading: i18n.t('terms.joining.heading'), paragraphs: [i18n.t('terms.joining.free'), i18n.t('terms.joining.how'), i18n.t('terms.joining.card')] },
      ...snapshot.programs.map((program, index) => programSection(program, { index: index + 1, of: snapshot.programs.length }, i18n)),
      { heading: i18n.t('terms.vouchers.heading'), paragraphs: [i18n.t('terms.vouchers.text')] },
      { heading: i18n.t('terms.refunds.heading'), paragraphs: [i18n.t('terms.refunds.text')] },
      { heading: i18n.t('terms.changes_section.heading'), paragraphs: [i18n.t('terms.changes_section.text')] },
      {
        heading: i18n.t('terms.leaving.heading'),
        paragraphs: [i18n.t('terms.leaving.text', { portal: `${appUrl}/portal` }), i18n.t('terms.leaving.inactive', { months: snapshot.inactiveMonths })],
      },
      { heading: i18n.t('terms.data.heading'), paragraphs: [i18n.t('terms.data.text', { name: snapshot.organiser.name, privacy: `${appUrl}/privacy/${options.storeSlug}` })] },
      { heading: i18n.t('terms.law.heading'), paragraphs: [i18n.t('terms.law.text')] },
    ],
  }
}

function organiserSection({ organiser, stores }: TermsSnapshot, i18n: I18n): TermsSection {
  const list = new Intl.ListFormat(i18n.locale === 'en' ? 'en-GB' : 'fr-FR', { type: 'conjunction' })
  const storeNames = stores.map((store) => (store.address ? `${store.name} (${store.address})` : store.name))
  return {
    heading: i18n.t('terms.organiser.heading'),
    // The privacy settings say "-" until the owner gives the address.
    paragraphs: [i18n.t(organiser.address.replace(/[-\s]/g, '') ? 'terms.organiser.text' : 'terms.organiser.text_no_address', organiser), ...(storeNames.length > 0 ? [i18n.t('terms.organiser.stores', { stores: list.format(storeNames) })] : [])],
  }
}

/** A programme's benefits as its rules say them: each mechanic, its value, its validity, and what a refund does. */
function programSection(program: TermsProgram, position: { index: number; of: number }, i18n: I18n): TermsSection {
  const t = (key: string, values?: Record<string, unknown>) => i18n.t(`terms.programs.${key}`, values)
  const { rules } = program
  const paragraphs = [program.storeName ? t('only_at', { store: program.storeName }) : t('everywhere')]
  if (program.enrolment === 'manual') paragraphs.push(t('manual'))
  const mechanics: string[] = []
  if (rules.points) {
    const excluded = [...rules.points.excluded_categories, ...rules.points.excluded_skus]
    mechanics.push(t('points', { per_euro: rules.points.per_euro }))
    if (excluded.length > 0) mechanics.push(t('points_excluding', { excluded: codesText(excluded, i18n) }))
    if (rules.points.pending_days > 0) mechanics.push(t('points_pending', { days: rules.points.pending_days }))
    mechanics.push(t('points_value', { value: moneyText(rules.points.point_value_cents, i18n.locale) }))
    mechanics.push(rules.points.validity_months ? t('points_validity', { months: rules.points.validity_months }) : t('points_forever'))
  }
  for (const reward of rules.automatic_rewards) mechanics.push(t('automatic', { every: reward.every_points, voucher: voucherText(reward.voucher, i18n) }))
  if (rules.stamps) {
    mechanics.push(t('stamps', { goal: rules.stamps.goal, targets: codesText([...rules.stamps.categories, ...rules.stamps.skus], i18n), voucher: voucherText(rules.stamps.reward, i18n) }))
    if (rules.stamps.validity_months) mechanics.push(t('stamps_validity', { months: rules.stamps.validity_months }))
  }
  if (rules.cashback) {
    mechanics.push(t('cashback', { rate: formatHundredths(rules.cashback.rate_bp, i18n.locale) }))
    if (rules.cashback.validity_months) mechanics.push(t('cashback_validity', { months: rules.cashback.validity_months }))
  }
  if (rules.tiers) mechanics.push(t(`tiers_${rules.tiers.basis}`, { levels: tierLevels(rules.tiers, i18n) }))
  if (mechanics.length === 0) mechanics.push(t('nothing'))
  else mechanics.push(t(rules.refunds.restore_redeemed ? 'refund_restores' : 'refund_keeps'))
  const items = program.rewards.map((reward) => {
    const line = t('shop_item', { name: reward.name, cost: reward.costPoints, days: reward.validityDays })
    return reward.perCustomerLimit ? t('shop_limit', { line, limit: reward.perCustomerLimit }) : line
  })
  return {
    heading: position.of > 1 ? t('heading_one', { index: position.index, name: program.name }) : t('heading'),
    paragraphs: [...paragraphs, ...mechanics, ...(items.length > 0 ? [t('shop')] : [])],
    items,
  }
}

function tierLevels(tiers: NonNullable<TermsProgram['rules']['tiers']>, i18n: I18n) {
  return tiers.levels
    .map((level) => {
      const threshold = tiers.basis === 'spend_365d' ? moneyText(level.threshold, i18n.locale) : i18n.t('programs.summary.points_count', { points: level.threshold })
      const extras = [level.multiplier_pct > 100 ? i18n.t('terms.programs.tier_factor', { factor: formatHundredths(level.multiplier_pct, i18n.locale) }) : null, level.perks ?? null].filter(Boolean)
      const named = i18n.t('terms.programs.tier', { name: level.name, threshold })
      return extras.length > 0 ? `${named} (${extras.join(' ; ')})` : named
    })
    .join(' ; ')
}
