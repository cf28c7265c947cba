import type { I18n } from '@adonisjs/i18n'

/**
 * The label of a field path, for the error summary at the top of a form:
 * "Statut 3 · Dès : ce seuil doit dépasser…" says where to look, a bare
 * message does not. Null when a path has no label of its own.
 */
export type FormKind = 'program' | 'reward' | 'simulator'

const SIMPLE: Record<FormKind, Record<string, string>> = {
  program: {
    'name': 'programs.fields.name',
    'store_id': 'programs.fields.store',
    'enrolment': 'programs.fields.enrolment',
    'status': 'programs.fields.status',
    'points.enabled': 'programs.points.legend',
    'stamps.enabled': 'programs.stamps.legend',
    'cashback.enabled': 'programs.cashback.legend',
    'tiers.enabled': 'programs.tiers.legend',
    'automatic_rewards.enabled': 'programs.automatic.legend',
    'example.tier': 'programs.example.tier_used',
  },
  reward: {
    kind: 'programs.voucher.kind',
    value: 'programs.voucher.value',
    percent: 'programs.voucher.percent',
    product_sku: 'programs.voucher.product_sku',
  },
  simulator: { store: 'programs.simulator.store', customer: 'programs.simulator.customer', total: 'programs.simulator.total' },
}

export function fieldLabel(path: string, kind: FormKind, i18n: I18n): string | null {
  const simple = SIMPLE[kind][path]
  if (simple) return i18n.t(simple)
  if (kind === 'reward') return known(i18n, `programs.rewards.fields.${path}`)
  return rowLabel(path, i18n) ?? (kind === 'program' ? mechanicLabel(path, i18n) : null)
}

/** A field of a numbered row: a basket line, a tier, an automatic reward. */
function rowLabel(path: string, i18n: I18n) {
  const line = path.match(/^(?:example\.)?lines\.(\d+)\.(\w+)$/)
  if (line) return known(i18n, `programs.basket.${line[2]}_of_line`, { number: Number(line[1]) + 1 })
  const tier = path.match(/^tiers\.levels\.(\d+)\.(\w+)$/)
  if (tier) return joined(i18n.t('programs.tiers.row', { number: Number(tier[1]) + 1 }), known(i18n, `programs.tiers.${tier[2]}`))
  const automatic = path.match(/^automatic_rewards\.rows\.(\d+)\.(every_points|voucher\.(\w+))$/)
  if (!automatic) return null
  const row = i18n.t('programs.automatic.row', { number: Number(automatic[1]) + 1 })
  return joined(row, automatic[3] ? known(i18n, `programs.voucher.${automatic[3]}`) : i18n.t('programs.automatic.every_points'))
}

/** "points.per_euro" → programs.points.per_euro; the stamp card's reward by its voucher fields. */
function mechanicLabel(path: string, i18n: I18n) {
  const reward = path.match(/^stamps\.reward\.(\w+)$/)
  if (reward) return joined(i18n.t('programs.stamps.reward'), known(i18n, `programs.voucher.${reward[1]}`))
  const [mechanic, field] = path.split('.')
  return known(i18n, `programs.${mechanic === 'automatic_rewards' ? 'automatic' : mechanic}.${field}`)
}

function known(i18n: I18n, key: string, params: Record<string, number> = {}) {
  return i18n.hasMessage(key) || i18n.hasFallbackMessage(key) ? i18n.t(key, params) : null
}

function joined(row: string, field: string | null) {
  return field ? `${row} · ${field}` : row
}
