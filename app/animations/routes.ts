import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

/*
 * The animation designer: marketers and the owner create animations from
 * presets, edit, preview, test-send, activate and pause them.
 */
const AnimationsController = () => import('#animations/admin/animations_controller')
const AnimationStatesController = () => import('#animations/admin/animation_states_controller')
const AnimationPreviewsController = () => import('#animations/admin/animation_previews_controller')

router
  .group(() => {
    router.get('/admin/animations', [AnimationsController, 'index'])
    router.get('/admin/animations/new', [AnimationsController, 'create'])
    router.post('/admin/animations', [AnimationsController, 'store'])
    router.get('/admin/animations/:publicId/edit', [AnimationsController, 'edit'])
    router.post('/admin/animations/:publicId', [AnimationsController, 'update'])
    router.post('/admin/animations/:publicId/activation', [AnimationStatesController, 'activate'])
    router.post('/admin/animations/:publicId/pause', [AnimationStatesController, 'pause'])
    router.get('/admin/animations/:publicId/preview', [AnimationPreviewsController, 'show'])
    router.post('/admin/animations/:publicId/test-send', [AnimationPreviewsController, 'testSend'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))

const SegmentsController = () => import('#animations/segments/segments_controller')

/* Segments: saved filters with their count now (marketers and the owner). */
router
  .group(() => {
    router.get('/admin/segments', [SegmentsController, 'index'])
    router.get('/admin/segments/new', [SegmentsController, 'create'])
    router.post('/admin/segments', [SegmentsController, 'store'])
    router.get('/admin/segments/:publicId/edit', [SegmentsController, 'edit'])
    router.post('/admin/segments/:publicId', [SegmentsController, 'update'])
  })
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))

const CampaignsController = () => import('#animations/campaigns/campaigns_controller')

/* One-off campaigns to a segment (marketers and the owner). */
router
  .group(() => {
    router.get('/admin/campaigns', [CampaignsController, 'index'])
    router.post('/admin/campaigns', [CampaignsController, 'store'])
    router.get('/admin/campaigns/:publicId', [CampaignsController, 'show'])
    router.get('/admin/campaigns/:publicId/edit', [CampaignsController, 'edit'])
    router.post('/admin/campaigns/:publicId', [CampaignsController, 'update'])
    router.post('/admin/campaigns/:publicId/cancel', [CampaignsController, 'cancel'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))
