import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ImportsController = () => import('#customers/import/imports_controller')
const ImportReportsController = () => import('#customers/import/import_reports_controller')
const CustomersExportController = () => import('#customers/export/customers_export_controller')

/** Customer CSV import (owner, marketer) and export (owner only: exports need explicit permission, R41). */
router
  .group(() => {
    router.get('/', [ImportsController, 'index'])
    router.post('/', [ImportsController, 'store'])
    router.get('/uploads/:token', [ImportsController, 'editMapping']).where('token', /^[0-9A-HJKMNP-TV-Z]{26}$/)
    router.post('/uploads/:token', [ImportsController, 'start']).where('token', /^[0-9A-HJKMNP-TV-Z]{26}$/)
    router.get('/:publicId', [ImportReportsController, 'show'])
    router.get('/:publicId/status', [ImportReportsController, 'status'])
    router.get('/:publicId/rejections.csv', [ImportReportsController, 'rejections'])
  })
  .prefix('/admin/imports')
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))

router.get('/admin/customers/export.csv', [CustomersExportController, 'show']).use(middleware.staff({ roles: ['owner'] }))
