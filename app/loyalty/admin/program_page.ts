import type { HttpContext } from '@adonisjs/core/http'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import Store from '#stores/models/store'
import type { FormProblem } from '#loyalty/admin/form_reader'
import { formViewOf } from '#loyalty/admin/form_view'
import { fieldErrorsOf } from '#loyalty/admin/messages'
import type { ProgramForm } from '#loyalty/admin/program_form'
import type { ProgramExample } from '#loyalty/admin/program_example'
import { formOfProgram } from '#loyalty/admin/form_of_rules'
import { blankAutomatic, blankTier, keyOf } from '#loyalty/admin/rules_of_form'

export async function storedForm(program: LoyaltyProgram | null, locale: string) {
  if (!program) return formOfProgram(null, locale)
  const store = program.storeId ? await Store.find(program.storeId) : null
  return formOfProgram({ name: program.name, storePublicId: store?.publicId ?? null, enrolment: program.enrolment, status: program.status, rules: program.parsedRules }, locale)
}

export interface ProgramPage {
  form: ProgramForm
  program: LoyaltyProgram | null
  problems: FormProblem[]
  example: ProgramExample | null
  exampleProblems: FormProblem[]
}

/** The programme form, filled with what was typed, its errors next to their inputs, and the example. */
export async function renderProgramForm({ view, i18n, response }: HttpContext, page: ProgramPage) {
  const stores = await Store.query().whereNull('archivedAt').orWhere('publicId', page.form.store_id).orderBy('name')
  const errors = fieldErrorsOf([...page.problems, ...page.exampleProblems], i18n)
  response.status(page.problems.length > 0 ? 422 : 200)
  return view.render('loyalty/programs/form', {
    f: formViewOf(page.form, errors, 'program', i18n),
    program: page.program,
    storeOptions: [['', i18n.t('programs.scope.all')], ...stores.map((store) => [store.publicId, store.name])],
    tierOptions: tierOptionsOf(page.form),
    rows: { tiers: rowsShown(page.form.tiers.levels, blankTier), automatic: rowsShown(page.form.automatic_rewards.rows, blankAutomatic) },
    example: page.example,
    hasProblems: page.problems.length > 0,
  })
}

/** The tiers being typed, to price the example in one of them. */
function tierOptionsOf(form: ProgramForm) {
  if (!form.tiers.enabled) return []
  return form.tiers.levels.filter((level) => level.name.trim() !== '').map((level) => [level.key.trim() || keyOf(level.name), level.name.trim()])
}

/** Rows up to the last one filled, plus one blank; the other blank rows wait in a <details>. */
function rowsShown<T>(rows: T[], isBlank: (row: T) => boolean) {
  const lastFilled = rows.findLastIndex((row) => !isBlank(row))
  const count = Math.min(rows.length, lastFilled + 2)
  const indices = rows.map((_, index) => index)
  return { shown: indices.slice(0, count), more: indices.slice(count) }
}
