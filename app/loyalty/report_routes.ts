import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const LiabilityReportsController = () => import('#loyalty/reports/liability_reports_controller')
const LiabilityExportsController = () => import('#loyalty/reports/liability_exports_controller')

/** Loyalty reports for the owner and the accountant. */
router
  .group(() => {
    router.get('/admin/loyalty/liability', [LiabilityReportsController, 'show'])
    router.get('/admin/loyalty/liability.csv', [LiabilityExportsController, 'show'])
  })
  .use(middleware.staff({ roles: ['owner'] }))
