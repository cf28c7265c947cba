import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const WeeklySummariesController = () => import('#analytics/weekly_summary/weekly_summaries_controller')

/* The weekly summary e-mail: each owner asks for it for themselves. */
router.post('/admin/dashboard/weekly-summary', [WeeklySummariesController, 'update']).use(middleware.staff({ roles: ['owner'] }))
