import router from '@adonisjs/core/services/router'
import { JOIN_TOKEN } from '#privacy/join/join_request'
import { SIGN_IN_TOKEN } from '#privacy/portal/portal_sign_in'

const JoinController = () => import('#privacy/join/join_controller')

/* Public: enrolment from the poster's QR code, confirmed from the mailbox (double opt-in). */
router.get('/join/confirm/:token', [JoinController, 'confirmation']).where('token', JOIN_TOKEN)
router.post('/join/confirm/:token', [JoinController, 'confirm']).where('token', JOIN_TOKEN)
router.get('/join/:store', [JoinController, 'show'])
router.post('/join/:store', [JoinController, 'store'])

const PortalController = () => import('#privacy/portal/portal_controller')

/* Public: the customer portal, signed in by a mailed code or link (no staff session involved). */
router.get('/portal', [PortalController, 'home'])
router.get('/portal/sign-in', [PortalController, 'signInPage'])
router.post('/portal/sign-in', [PortalController, 'requestCode'])
router.post('/portal/code', [PortalController, 'verifyCode'])
router.get('/portal/sign-in/:token', [PortalController, 'linkPage']).where('token', SIGN_IN_TOKEN)
router.post('/portal/sign-in/:token', [PortalController, 'linkSignIn']).where('token', SIGN_IN_TOKEN)
router.post('/portal/consents', [PortalController, 'consents'])
router.post('/portal/sign-out', [PortalController, 'signOut'])
import '#privacy/portal/profile_routes'
import '#privacy/admin_routes'
import '#privacy/export/routes'
import '#privacy/requests/routes'
