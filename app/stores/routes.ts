import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const StoresController = () => import('#stores/stores_controller')
const PosTokensController = () => import('#stores/pos_tokens_controller')
const StoreLogosController = () => import('#stores/branding/store_logos_controller')

router
  .group(() => {
    router.get('/admin/stores', [StoresController, 'index'])
    router.get('/admin/stores/new', [StoresController, 'create'])
    router.post('/admin/stores', [StoresController, 'store'])
    router.get('/admin/stores/:publicId/edit', [StoresController, 'edit'])
    router.post('/admin/stores/:publicId', [StoresController, 'update'])
    router.post('/admin/stores/:publicId/logo', [StoreLogosController, 'store'])
    router.post('/admin/stores/:publicId/logo/removal', [StoreLogosController, 'destroy'])
    router.get('/admin/pos-tokens', [PosTokensController, 'index'])
    router.post('/admin/pos-tokens', [PosTokensController, 'store'])
    router.post('/admin/pos-tokens/:id/revoke', [PosTokensController, 'destroy'])
  })
  .where('publicId', /^[0-9A-HJKMNP-TV-Z]{26}$/)
  .use(middleware.staff({ roles: ['owner'] }))
