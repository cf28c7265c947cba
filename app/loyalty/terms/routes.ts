import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TermsPageController = () => import('#loyalty/terms/terms_page_controller')
const TermsAdminController = () => import('#loyalty/terms/terms_admin_controller')

/* Public: the programme's terms, linked from the join page, the portal and the mails. */
router.get('/terms', [TermsPageController, 'index'])
router.get('/terms/:store', [TermsPageController, 'show'])

/* The owner publishes versions: the terms are the business' promises to its members. */
router
  .group(() => {
    router.get('/admin/loyalty/terms', [TermsAdminController, 'show'])
    router.post('/admin/loyalty/terms/versions', [TermsAdminController, 'store'])
  })
  .use(middleware.staff({ roles: ['owner'] }))
