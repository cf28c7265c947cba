import type { HttpContext } from '@adonisjs/core/http'
import { notFound, programOf, rewardOf } from '#loyalty/admin/lookups'
import { setRewardActive } from '#loyalty/admin/save_reward'

/**
 * A reward's place in the shop, as a nested resource: `POST …/activation`
 * puts it back, `POST …/deactivation` takes it out. Never deleted:
 * vouchers and redemptions point at it.
 */
export default class RewardActivationsController {
  async store(ctx: HttpContext) {
    return this.set(ctx, true)
  }

  async destroy(ctx: HttpContext) {
    return this.set(ctx, false)
  }

  protected async set(ctx: HttpContext, active: boolean) {
    const program = await programOf(ctx.params.publicId)
    const reward = program ? await rewardOf(program, ctx.params.rewardId) : null
    if (!program || !reward) return notFound(ctx)
    await setRewardActive(reward, active, { staffMemberId: ctx.auth.use('web').user!.id, ip: ctx.request.ip() })
    ctx.session.flash('success', ctx.i18n.t(active ? 'programs.rewards.flash.reactivated' : 'programs.rewards.flash.deactivated', { name: reward.name }))
    return ctx.response.redirect(`/admin/loyalty/programs/${program.publicId}/rewards`)
  }
}
