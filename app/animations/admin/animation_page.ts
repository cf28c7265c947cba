import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import type Animation from '#animations/models/animation'
import type { AnimationForm } from '#animations/admin/animation_form'
import type { FieldProblem } from '#animations/save_animation'
import { PRESETS, type Preset } from '#animations/presets'
import { FormView } from '#loyalty/admin/form_view'
import { MERGE_FIELDS, OCCASION_FIELD_GROUPS } from '#messaging/templates/merge_fields'

/** The edit form, with field errors in the marketer's language (422 when there are some). */
export async function renderAnimationForm(ctx: HttpContext, animation: Animation, form: AnimationForm, problems: FieldProblem[]) {
  const { i18n } = ctx
  const errors: Record<string, string[]> = {}
  for (const problem of problems) {
    const key = problem.field.replace(/^config\.reward\.voucher.*/, 'voucher_value').replace(/^config\.reward.*/, 'reward_type').replace(/^config\.params\./, 'params.').replace(/^(params\.\w+)\.\d+$/, '$1').replace(/^config\./, '')
    const message = i18n.t(`animations.errors.${problem.rule}`, { detail: problem.detail ?? '' }, i18n.t('animations.errors.invalid', { detail: problem.detail ?? problem.rule }))
    ;(errors[key] ??= []).push(message)
  }
  const stores = await db.from('stores').whereNull('archived_at').orderBy('name').select('id', 'name')
  if (problems.length > 0) ctx.response.status(422)
  return ctx.view.render('animations/form', {
    animation,
    preset: PRESETS[animation.kind],
    form,
    f: new FormView(form, errors),
    stores,
    mergeFieldsText: fieldsFor(PRESETS[animation.kind]).map((name) => `{{ ${name} }}`).join('  '),
  })
}

/** The merge fields this preset's messages may use: the common ones and its occasion's. */
function fieldsFor(preset: Preset) {
  return Object.keys(MERGE_FIELDS).filter((name) => !OCCASION_FIELD_GROUPS.has(name.split('.')[0]) || preset.occasionFields?.includes(name))
}
