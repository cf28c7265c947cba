/*
 * HTTP kernel: global and named middleware.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/assets_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/browser_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/detect_locale_middleware'),
])

export const middleware = router.named({
  staff: () => import('#middleware/staff_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  pos: () => import('#middleware/pos_token_middleware'),
})
