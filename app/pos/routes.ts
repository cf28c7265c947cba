import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { openApiDocument } from '#pos/openapi'

const PosCustomersController = () => import('#pos/customers_controller')
const PosPurchasesController = () => import('#pos/purchases_controller')
const PosRedemptionsController = () => import('#pos/redemptions_controller')
const PosRefundsController = () => import('#pos/refunds_controller')

/** POS API v1: the fixed public contract (DESIGN.md → Public contracts). */
router
  .group(() => {
    router.get('/openapi.json', ({ response }) => response.send(openApiDocument))
    router
      .group(() => {
        router.post('/customers', [PosCustomersController, 'store'])
        router.get('/customers/lookup', [PosCustomersController, 'lookup'])
        router.get('/customers/:id', [PosCustomersController, 'show'])
        router.post('/purchases', [PosPurchasesController, 'store'])
        router.post('/purchases/preview', [PosPurchasesController, 'preview'])
        router.post('/purchases/:id/refunds', [PosRefundsController, 'store'])
        router.post('/redemptions', [PosRedemptionsController, 'store'])
      })
      .use(middleware.pos())
  })
  .prefix('/api/v1')
