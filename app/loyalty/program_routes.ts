import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

/*
 * The loyalty admin: programmes and their rules, the rewards shop, the
 * earning simulator. Everyone in the back office reads; only the owner
 * changes rules and rewards (they are the business' promises to customers).
 */
const ProgramsController = () => import('#loyalty/admin/programs_controller')
const ProgramExamplesController = () => import('#loyalty/admin/program_examples_controller')
const RewardsController = () => import('#loyalty/admin/rewards_controller')
const RewardActivationsController = () => import('#loyalty/admin/reward_activations_controller')
const SimulatorController = () => import('#loyalty/admin/simulator_controller')

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

router
  .group(() => {
    router.get('/admin/loyalty', [ProgramsController, 'index'])
    router.get('/admin/loyalty/simulator', [SimulatorController, 'show'])
  })
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))

router
  .group(() => {
    router.get('/admin/loyalty/programs/new', [ProgramsController, 'create'])
    router.post('/admin/loyalty/programs', [ProgramsController, 'store'])
    router.post('/admin/loyalty/programs/example', [ProgramExamplesController, 'store'])
    router.get('/admin/loyalty/programs/:publicId/edit', [ProgramsController, 'edit'])
    router.post('/admin/loyalty/programs/:publicId', [ProgramsController, 'update'])
    router.get('/admin/loyalty/programs/:publicId/rewards', [RewardsController, 'index'])
    router.get('/admin/loyalty/programs/:publicId/rewards/new', [RewardsController, 'create'])
    router.post('/admin/loyalty/programs/:publicId/rewards', [RewardsController, 'store'])
    router.get('/admin/loyalty/programs/:publicId/rewards/:rewardId/edit', [RewardsController, 'edit'])
    router.post('/admin/loyalty/programs/:publicId/rewards/:rewardId', [RewardsController, 'update'])
    router.post('/admin/loyalty/programs/:publicId/rewards/:rewardId/activation', [RewardActivationsController, 'store'])
    router.post('/admin/loyalty/programs/:publicId/rewards/:rewardId/deactivation', [RewardActivationsController, 'destroy'])
  })
  .where('publicId', ULID)
  .where('rewardId', ULID)
  .use(middleware.staff({ roles: ['owner'] }))
