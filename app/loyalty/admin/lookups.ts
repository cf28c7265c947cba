import type { HttpContext } from '@adonisjs/core/http'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import Reward from '#loyalty/models/reward'

/** The programme named in the URL (the route only lets ULIDs through), or null. */
export function programOf(publicId: string) {
  return LoyaltyProgram.findBy('publicId', publicId)
}

/** A reward of that programme's shop only: another programme's id is not found here. */
export function rewardOf(program: LoyaltyProgram, publicId: string) {
  return Reward.query().where('programId', program.id).where('publicId', publicId).first()
}

export async function notFound({ response, view }: HttpContext) {
  return response.notFound(await view.render('errors/not_found'))
}
