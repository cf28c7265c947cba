import type { HttpContext } from '@adonisjs/core/http'
import { animationSubject } from '#analytics/results/results_sources'
import { renderResults, sendResultsCsv } from '#analytics/results/results_page'

/** GET /admin/animations/:publicId/results(.csv): what an animation did, against its holdout. */
export default class AnimationResultsController {
  async show(ctx: HttpContext) {
    return renderResults(ctx, await animationSubject(ctx.params.publicId))
  }

  async csv(ctx: HttpContext) {
    return sendResultsCsv(ctx, await animationSubject(ctx.params.publicId))
  }
}
