import type { HttpContext } from '@adonisjs/core/http'
import { campaignSubject } from '#analytics/results/results_sources'
import { renderResults, sendResultsCsv } from '#analytics/results/results_page'

/** GET /admin/campaigns/:publicId/results(.csv): what a campaign did, against its holdout. */
export default class CampaignResultsController {
  async show(ctx: HttpContext) {
    return renderResults(ctx, await campaignSubject(ctx.params.publicId))
  }

  async csv(ctx: HttpContext) {
    return sendResultsCsv(ctx, await campaignSubject(ctx.params.publicId))
  }
}
