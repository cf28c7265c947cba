import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { animationOf } from '#animations/admin/animations_controller'
import { audit } from '#shared/audit'

/** Activate or pause an animation (audited: it decides who gets messages and rewards). */
export default class AnimationStatesController {
  async activate(ctx: HttpContext) {
    return this.change(ctx, 'active')
  }

  async pause(ctx: HttpContext) {
    return this.change(ctx, 'paused')
  }

  private async change({ params, response, session, i18n, auth, request }: HttpContext, status: 'active' | 'paused') {
    const animation = await animationOf(params.publicId)
    if (!animation) return response.notFound()
    animation.status = status
    if (status === 'active') animation.activatedAt = DateTime.utc()
    await animation.save()
    await audit({ staffMemberId: auth.use('web').user!.id, action: `animations.${status === 'active' ? 'activated' : 'paused'}`, subjectType: 'animation', subjectId: animation.publicId, details: { kind: animation.kind }, ip: request.ip() })
    session.flash('success', i18n.t(`animations.flash.${status}`, { name: animation.name }))
    return response.redirect(`/admin/animations/${animation.publicId}/edit`)
  }
}
