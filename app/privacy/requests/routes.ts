import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { IDENTITY_TOKEN } from '#privacy/requests/identity_link'

const PrivacyRequestsController = () => import('#privacy/requests/requests_controller')
const PortalRequestsController = () => import('#privacy/requests/portal_requests_controller')
const IdentityLinksController = () => import('#privacy/requests/identity_links_controller')

const PUBLIC_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/* The owner's queue of rights requests. */
router
  .group(() => {
    router.get('/admin/privacy', [PrivacyRequestsController, 'index'])
    router.get('/admin/privacy/requests/new', [PrivacyRequestsController, 'create'])
    router.post('/admin/privacy/requests', [PrivacyRequestsController, 'store'])
    router.get('/admin/privacy/requests/:id', [PrivacyRequestsController, 'show']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/identity', [PrivacyRequestsController, 'identity']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/identity-link', [PrivacyRequestsController, 'identityLink']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/extend', [PrivacyRequestsController, 'extend']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/fulfil', [PrivacyRequestsController, 'fulfil']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/refuse', [PrivacyRequestsController, 'refuse']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/requests/:id/lift-restriction', [PrivacyRequestsController, 'liftRestriction']).where('id', PUBLIC_ID)
  })
  .use(middleware.staff({ roles: ['owner'] }))

/* Public: the signed-in customer's own requests (the portal checks its session). */
router.get('/portal/requests', [PortalRequestsController, 'index'])
router.post('/portal/requests', [PortalRequestsController, 'store'])

/* Public: the link that checks a requester controls the address on file (GET asks, POST confirms). */
router.get('/privacy/requests/confirm/:token', [IdentityLinksController, 'show']).where('token', IDENTITY_TOKEN)
router.post('/privacy/requests/confirm/:token', [IdentityLinksController, 'confirm']).where('token', IDENTITY_TOKEN)
