import router from '@adonisjs/core/services/router'
import { EMAIL_CHANGE_TOKEN } from '#privacy/portal/email_change'

const PortalProfileController = () => import('#privacy/portal/portal_profile_controller')
const PortalHistoryController = () => import('#privacy/portal/portal_history_controller')
const PortalEmailChangesController = () => import('#privacy/portal/portal_email_changes_controller')

/*
 * Public routes: each page checks the portal's own session (a customer
 * signed in by a mailed code), none a staff session. Without one: to
 * /portal/sign-in. Ids in the URLs are public ids, looked up among the
 * signed-in customer's own rows only.
 */
router.get('/portal/card', [PortalProfileController, 'card'])
router.get('/portal/profile', [PortalProfileController, 'edit'])
router.post('/portal/profile', [PortalProfileController, 'update'])
router.get('/portal/purchases', [PortalHistoryController, 'index'])
router.get('/portal/purchases/:purchaseId', [PortalHistoryController, 'show'])
router.get('/portal/points', [PortalHistoryController, 'points'])

/* From the mailbox of the new address: the page asks, the form applies (mail scanners open links). */
router.get('/portal/email-change/:token', [PortalEmailChangesController, 'confirmation']).where('token', EMAIL_CHANGE_TOKEN)
router.post('/portal/email-change/:token', [PortalEmailChangesController, 'confirm']).where('token', EMAIL_CHANGE_TOKEN)
