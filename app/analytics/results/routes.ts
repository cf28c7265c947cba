import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AnimationResultsController = () => import('#analytics/results/animation_results_controller')
const CampaignResultsController = () => import('#analytics/results/campaign_results_controller')

/* Results of animations and campaigns against their holdout: figures only, the owner's and the marketer's. */
router
  .group(() => {
    router.get('/admin/animations/:publicId/results', [AnimationResultsController, 'show'])
    router.get('/admin/animations/:publicId/results.csv', [AnimationResultsController, 'csv'])
    router.get('/admin/campaigns/:publicId/results', [CampaignResultsController, 'show'])
    router.get('/admin/campaigns/:publicId/results.csv', [CampaignResultsController, 'csv'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))
