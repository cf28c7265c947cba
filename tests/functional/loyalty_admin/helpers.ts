import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { formOfProgram } from '#loyalty/admin/form_of_rules'
import type { ProgramForm } from '#loyalty/admin/program_form'
import type Store from '#stores/models/store'
import { unique } from '#tests/helpers/factories'

/** A form body as the browser posts it: nested fields as `a[b][0][c]`, ticks as "1", unticked boxes absent. */
export function formBody(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value === 'boolean') return value ? { [prefix]: '1' } : {}
  if (value === null || typeof value !== 'object') return { [prefix]: String(value ?? '') }
  return Object.entries(value).reduce<Record<string, string>>((body, [key, child]) => ({ ...body, ...formBody(child, prefix ? `${prefix}[${key}]` : key) }), {})
}

/**
 * The programme form filled as the page would show these rules, with a
 * unique name, for one store of the test's own: the suite shares one
 * database, and an active programme of every store would earn in all the
 * other tests' sales. `change` edits the form before posting.
 */
export function programForm(store: Store, rules: ProgramRules = demoRules(), change: (form: ProgramForm) => void = () => {}) {
  const form = formOfProgram({ name: `Fidélité ${unique()}`, storePublicId: store.publicId, enrolment: 'auto', status: 'active', rules }, 'fr')
  change(form)
  return form
}

export function programBody(store: Store, rules?: ProgramRules, change?: (form: ProgramForm) => void) {
  return formBody(programForm(store, rules, change))
}

/** Intl writes a narrow no-break space in "5 €" and "1 000": compare texts with plain spaces. */
export function plain(text: string) {
  return text.replace(/[\u00a0\u202f]/g, ' ').replace(/&#(39|x27);/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}
