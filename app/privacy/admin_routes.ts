import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const NoticesController = () => import('#privacy/notice/notices_controller')

/* Public: the full privacy notice of a store, linked from the join page and the portal. */
router.get('/privacy', [NoticesController, 'index'])
router.get('/privacy/:store', [NoticesController, 'show'])

const PrivacySettingsController = () => import('#privacy/settings/privacy_settings_controller')
const RegisterController = () => import('#privacy/register/register_controller')
const BreachesController = () => import('#privacy/breaches/breaches_controller')
const IncidentReportsController = () => import('#privacy/breaches/incident_reports_controller')

/** Breaches are named by their public id (a ULID) in addresses. */
const PUBLIC_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/* The owner's privacy tools: settings, the Art. 30 register, the breach register and incident reports. */
router
  .group(() => {
    router.get('/admin/privacy/settings', [PrivacySettingsController, 'edit'])
    router.post('/admin/privacy/settings', [PrivacySettingsController, 'update'])
    router.get('/admin/privacy/register', [RegisterController, 'show'])
    router.get('/admin/privacy/register.csv', [RegisterController, 'csv'])
    router.get('/admin/privacy/register.json', [RegisterController, 'json'])
    router.get('/admin/privacy/breaches', [BreachesController, 'index'])
    router.get('/admin/privacy/breaches/new', [BreachesController, 'create'])
    router.post('/admin/privacy/breaches', [BreachesController, 'store'])
    router.get('/admin/privacy/breaches/:id', [BreachesController, 'show']).where('id', PUBLIC_ID)
    router.post('/admin/privacy/breaches/:id', [BreachesController, 'update']).where('id', PUBLIC_ID)
    router.get('/admin/privacy/breaches/:id/report', [IncidentReportsController, 'breach']).where('id', PUBLIC_ID)
    router.get('/admin/privacy/breaches/:id/report.csv', [IncidentReportsController, 'breachCsv']).where('id', PUBLIC_ID)
    router.get('/admin/privacy/incident-report', [IncidentReportsController, 'show'])
    router.get('/admin/privacy/incident-report.csv', [IncidentReportsController, 'csv'])
  })
  .use(middleware.staff({ roles: ['owner'] }))
