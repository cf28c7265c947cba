import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Reward from '#loyalty/models/reward'
import type LoyaltyProgram from '#loyalty/models/loyalty_program'
import { formViewOf } from '#loyalty/admin/form_view'
import { fieldErrorsOfVine, loyaltyAdminMessages, type FieldErrors } from '#loyalty/admin/messages'
import { notFound, programOf, rewardOf } from '#loyalty/admin/lookups'
import { rewardRows, rewardValues } from '#loyalty/admin/reward_list'
import { rewardValidator } from '#loyalty/admin/reward_validators'
import { RewardNameTakenError, rewardNameTaken, saveReward } from '#loyalty/admin/save_reward'

/** The rewards shop ("boutique") of a programme: items bought with points. A form with errors comes back as typed (422). */
export default class RewardsController {
  async index(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    if (!program) return notFound(ctx)
    const rewards = await Reward.query().where('programId', program.id).orderBy('active', 'desc').orderBy('costPoints').orderBy('id')
    return ctx.view.render('loyalty/rewards/index', { program, rewards: rewardRows(rewards, ctx.i18n), hasPoints: program.parsedRules.points !== null })
  }

  async create(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    if (!program) return notFound(ctx)
    return renderForm(ctx, program, null, rewardValues(null, ctx.i18n.locale), {})
  }

  async edit(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    const reward = program ? await rewardOf(program, ctx.params.rewardId) : null
    if (!program || !reward) return notFound(ctx)
    return renderForm(ctx, program, reward, rewardValues(reward, ctx.i18n.locale), {})
  }

  async store(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    if (!program) return notFound(ctx)
    return this.save(ctx, program, null)
  }

  async update(ctx: HttpContext) {
    const program = await programOf(ctx.params.publicId)
    const reward = program ? await rewardOf(program, ctx.params.rewardId) : null
    if (!program || !reward) return notFound(ctx)
    return this.save(ctx, program, reward)
  }

  protected async save(ctx: HttpContext, program: LoyaltyProgram, reward: Reward | null) {
    const { request, i18n, session, response, auth } = ctx
    try {
      const input = await rewardValidator.validate(request.body(), loyaltyAdminMessages(i18n))
      const saved = await saveReward(program, input, { staffMemberId: auth.use('web').user!.id, ip: request.ip() }, reward ?? undefined)
      session.flash('success', i18n.t(reward ? 'programs.rewards.flash.updated' : 'programs.rewards.flash.created', { name: saved.name }))
      return response.redirect(`/admin/loyalty/programs/${program.publicId}/rewards`)
    } catch (error) {
      const invalid = error instanceof RewardNameTakenError ? rewardNameTaken(i18n.t('programs.validation.reward_name_taken')) : error
      if (!(invalid instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      return renderForm(ctx, program, reward, request.body(), fieldErrorsOfVine(invalid.messages))
    }
  }
}

function renderForm({ view, response, i18n }: HttpContext, program: LoyaltyProgram, reward: Reward | null, values: object, errors: FieldErrors) {
  response.status(Object.keys(errors).length > 0 ? 422 : 200)
  return view.render('loyalty/rewards/form', { program, reward, f: formViewOf(values, errors, 'reward', i18n) })
}
