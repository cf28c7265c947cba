import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import db from '@adonisjs/lucid/services/db'
import type Animation from '#animations/models/animation'
import type { AnimationForm } from '#animations/admin/animation_form'
import type { FieldProblem } from '#animations/save_animation'
import { PRESETS, type Preset } from '#animations/presets'
import { FormView } from '#loyalty/admin/form_view'
import { MERGE_FIELDS, OCCASION_FIELD_GROUPS } from '#messaging/templates/merge_fields'

/** The edit form, with field errors in the marketer's language (422 when there are some). */
export async function renderAnimationForm(ctx: HttpContext, animation: Animation, form: AnimationForm, problems: FieldProblem[]) {
  const errors = errorsOf(ctx.i18n, problems)
  const stores = await db.from('stores').whereNull('archived_at').orderBy('name').select('id', 'name')
  const segments = await db.from('segments').orderBy('name').select('public_id', 'name')
  if (problems.length > 0) ctx.response.status(422)
  return ctx.view.render('animations/form', {
    animation,
    preset: PRESETS[animation.kind],
    form,
    f: new FormView(form, errors),
    stores,
    segments,
    mergeFieldsText: mergeFieldsFor(PRESETS[animation.kind]),
  })
}

/** The merge fields these messages may use, as the form lists them: the common ones and the occasion's. */
export function mergeFieldsFor(occasion: Pick<Preset, 'occasionFields'>) {
  return Object.keys(MERGE_FIELDS)
    .filter((name) => !OCCASION_FIELD_GROUPS.has(name.split('.')[0]) || occasion.occasionFields?.includes(name))
    .map((name) => `{{ ${name} }}`)
    .join('  ')
}

/** Field errors in the marketer's language, under the form's field names; a rule without a text of its own (per form, then the animations') says what was refused. */
export function errorsOf(i18n: I18n, problems: FieldProblem[], namespace = 'animations') {
  const errors: Record<string, string[]> = {}
  for (const problem of problems) {
    const key = problem.field.replace(/^config\.reward\.voucher.*/, 'voucher_value').replace(/^config\.reward.*/, 'reward_type').replace(/^config\.params\./, 'params.').replace(/^(params\.\w+)\.\d+$/, '$1').replace(/^config\./, '')
    const data = { detail: problem.detail ?? '' }
    const fallback = i18n.t(`animations.errors.${problem.rule}`, data, i18n.t('animations.errors.invalid', { detail: problem.detail ?? problem.rule }))
    ;(errors[key] ??= []).push(i18n.t(`${namespace}.errors.${problem.rule}`, data, fallback))
  }
  return errors
}
