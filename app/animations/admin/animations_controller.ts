import type { HttpContext } from '@adonisjs/core/http'
import Animation from '#animations/models/animation'
import { PRESETS } from '#animations/presets'
import { AnimationInvalid, saveAnimation } from '#animations/save_animation'
import { formOf, inputOf, readAnimationForm, type AnimationForm } from '#animations/admin/animation_form'
import { animationList } from '#animations/admin/animation_list'
import { renderAnimationForm } from '#animations/admin/animation_page'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** A new animation keeps 10 % of its customers out (nothing sent, no reward), so its results have a control group. */
const DEFAULT_HOLDOUT_PERCENT = 10

export function animationOf(publicId: string) {
  return ULID.test(publicId) ? Animation.findBy('publicId', publicId) : Promise.resolve(null)
}

/**
 * The marketers' animations: the list with last results, creation from a
 * preset (a draft with the preset's texts), and the edit form. A form
 * with errors comes back as typed (422) and stores nothing.
 */
export default class AnimationsController {
  async index({ view }: HttpContext) {
    return view.render('animations/index', { animations: await animationList() })
  }

  async create({ view }: HttpContext) {
    return view.render('animations/new', { presets: Object.values(PRESETS) })
  }

  async store({ request, response, auth, session, i18n }: HttpContext) {
    const kind = String(request.input('kind', ''))
    const preset = PRESETS[kind]
    if (!preset) {
      session.flash('error', i18n.t('animations.flash.unknown_preset'))
      return response.redirect('/admin/animations/new')
    }
    const name = i18n.t(`animations.kinds.${kind}`)
    const animation = await saveAnimation(
      { name, kind, storeId: null, status: 'draft', config: { channels: ['email'], reward: preset.reward, holdout_percent: DEFAULT_HOLDOUT_PERCENT, params: { ...preset.defaults } }, texts: preset.texts },
      auth.use('web').user!.id
    )
    session.flash('success', i18n.t('animations.flash.created', { name }))
    return response.redirect(`/admin/animations/${animation.publicId}/edit`)
  }

  async edit(ctx: HttpContext) {
    const animation = await animationOf(ctx.params.publicId)
    if (!animation) return ctx.response.notFound()
    return renderAnimationForm(ctx, animation, await formOf(animation), [])
  }

  async update(ctx: HttpContext) {
    const animation = await animationOf(ctx.params.publicId)
    if (!animation) return ctx.response.notFound()
    const form: AnimationForm = readAnimationForm(ctx.request.body(), animation.kind)
    try {
      await saveAnimation(inputOf(form, animation), null, animation)
    } catch (error) {
      if (!(error instanceof AnimationInvalid)) throw error
      return renderAnimationForm(ctx, animation, form, error.problems)
    }
    ctx.session.flash('success', ctx.i18n.t('animations.flash.saved', { name: animation.name }))
    return ctx.response.redirect(`/admin/animations/${animation.publicId}/edit`)
  }
}
