import router from '@adonisjs/core/services/router'
import { LOCALE_COOKIE } from '#middleware/detect_locale_middleware'

const HealthController = () => import('#shared/health_controller')

router.get('/health', [HealthController, 'show'])

/** The language switch: remembered in a cookie for a year. */
router
  .get('/lang/:locale', ({ params, request, response }) => {
    const referer = request.header('referer')
    const back = referer && new URL(referer, 'http://x').host === request.host() ? new URL(referer).pathname : '/'
    response.plainCookie(LOCALE_COOKIE, params.locale, { maxAge: '365d', httpOnly: true, sameSite: 'lax' })
    return response.redirect(back)
  })
  .where('locale', /^(fr|en)$/)
