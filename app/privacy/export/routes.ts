import router from '@adonisjs/core/services/router'
import { EXPORT_ID } from '#privacy/export/export_access'

const PortalExportsController = () => import('#privacy/export/portal_exports_controller')

/* Public: the customer's own exports; the controller checks their portal session and the link's token (one 404 otherwise). */
router.post('/portal/exports', [PortalExportsController, 'store'])
router.get('/portal/exports/:publicId', [PortalExportsController, 'show']).where('publicId', EXPORT_ID)
router.get('/portal/exports/:publicId/:format', [PortalExportsController, 'download']).where('publicId', EXPORT_ID).where('format', /^(json|csv|pdf)$/)
