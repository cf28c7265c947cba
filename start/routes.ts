/*
 * Routes: each module declares its own; this file only gathers them.
 * The route × role table test (tests/functional/staff/route_roles.spec.ts)
 * walks every route registered here.
 */
import router from '@adonisjs/core/services/router'
import '#shared/routes'
import '#staff/routes'
import '#stores/routes'
import '#customers/routes'
import '#customers/import/routes'
import '#till/routes'
import '#pos/routes'
// Loyalty routes (one file per area) are imported below.
import '#loyalty/program_routes'
import '#loyalty/report_routes'
import '#loyalty/routes'
import '#loyalty/terms/routes'
import '#messaging/routes'
import '#animations/routes'
import '#privacy/routes'
import '#analytics/routes'
import '#analytics/weekly_summary/routes'
import '#analytics/results/routes'
import '#printing/routes'

router.get('/', async ({ auth, response }) => {
  const guard = auth.use('web')
  if ((await guard.check()) && guard.user && !guard.user.isDisabled) return response.redirect(guard.user.homePath)
  return response.redirect('/sign-in')
})
