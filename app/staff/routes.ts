import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionsController = () => import('#staff/sessions_controller')
const SetupController = () => import('#staff/setup_controller')
const InvitationsController = () => import('#staff/invitations_controller')
const StaffController = () => import('#staff/staff_controller')
const StaffAccessController = () => import('#staff/staff_access_controller')
const AuditLogsController = () => import('#staff/audit_logs_controller')

router
  .group(() => {
    router.get('/sign-in', [SessionsController, 'create'])
    router.post('/sign-in', [SessionsController, 'store'])
    router.get('/setup', [SetupController, 'show'])
    router.post('/setup', [SetupController, 'store'])
    router.get('/invitations/:token', [InvitationsController, 'show'])
    router.post('/invitations/:token', [InvitationsController, 'update'])
  })
  .use(middleware.guest())

router.post('/sign-out', [SessionsController, 'destroy'])

router
  .group(() => {
    router.get('/admin/staff', [StaffController, 'index'])
    router.get('/admin/staff/new', [StaffController, 'create'])
    router.post('/admin/staff', [StaffController, 'store'])
    router.post('/admin/staff/:publicId/role', [StaffAccessController, 'role'])
    router.post('/admin/staff/:publicId/disable', [StaffAccessController, 'disable'])
    router.post('/admin/staff/:publicId/enable', [StaffAccessController, 'enable'])
    router.get('/admin/audit', [AuditLogsController, 'index'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner'] }))
