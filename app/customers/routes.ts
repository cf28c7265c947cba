import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const CustomersController = () => import('#customers/customers_controller')
const CustomerEditsController = () => import('#customers/customer_edits_controller')
const CustomerMergesController = () => import('#customers/customer_merges_controller')

router
  .group(() => {
    router.get('/admin/customers', [CustomersController, 'index'])
    router.get('/admin/customers/:publicId', [CustomersController, 'show'])
    router.get('/admin/customers/:publicId/edit', [CustomerEditsController, 'edit'])
    router.put('/admin/customers/:publicId', [CustomerEditsController, 'update'])
    router.post('/admin/customers/:publicId', [CustomerEditsController, 'update'])
    router.get('/admin/customers/:publicId/merge', [CustomerMergesController, 'show'])
    router.post('/admin/customers/:publicId/merge', [CustomerMergesController, 'store'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner', 'marketer'] }))
