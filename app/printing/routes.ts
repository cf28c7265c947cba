import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PrintStudiosController = () => import('#printing/studio/print_studios_controller')
const PosterPreviewsController = () => import('#printing/studio/poster_previews_controller')
const PosterDownloadsController = () => import('#printing/studio/poster_downloads_controller')

/** The print studio: owners only, like the stores whose posters it prints. */
router
  .group(() => {
    router.get('/admin/printing', [PrintStudiosController, 'show'])
    router.get('/admin/printing/preview.png', [PosterPreviewsController, 'show'])
    router.get('/admin/printing/poster.pdf', [PosterDownloadsController, 'show'])
  })
  .use(middleware.staff({ roles: ['owner'] }))
