import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const DashboardController = () => import('#analytics/dashboard_controller')
const DashboardCsvController = () => import('#analytics/dashboard_csv_controller')

/* The dashboard is the owner's and the marketer's: figures only, no customer in it. */
router
  .group(() => {
    router.get('/admin/dashboard', [DashboardController, 'show'])
    router.get('/admin/dashboard.csv', [DashboardCsvController, 'show'])
  })
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))
