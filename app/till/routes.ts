import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TillController = () => import('#till/till_controller')
const TillCustomersController = () => import('#till/till_customers_controller')
const TillPurchasesController = () => import('#till/till_purchases_controller')
const TillRedemptionsController = () => import('#till/till_redemptions_controller')
const TillRefundsController = () => import('#till/till_refunds_controller')

router
  .group(() => {
    router.get('/till', [TillController, 'index'])
    router.get('/till/lookup', [TillController, 'lookup'])
    router.get('/till/customers/new', [TillController, 'create'])
    router.get('/till/customers/:publicId', [TillController, 'show'])
    router.post('/till/customers', [TillCustomersController, 'store'])
    router.post('/till/customers/:publicId/purchases', [TillPurchasesController, 'store'])
    router.post('/till/customers/:publicId/redemptions', [TillRedemptionsController, 'store'])
    router.post('/till/purchases/:publicId/refunds', [TillRefundsController, 'store'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['cashier', 'marketer', 'owner'] }))
