import type { HttpContext } from '@adonisjs/core/http'
import StaffMember from '#staff/models/staff_member'
import Store from '#stores/models/store'
import { setupValidator, setupWithStoreValidator } from '#staff/validators'
import { AlreadySetUpError, setUpBusiness } from '#staff/set_up_business'
import { recordSignIn } from '#staff/sign_in'
import { translatedMessages } from '#staff/validation_messages'

/** The first-run page: exists only while no staff account does. */
export default class SetupController {
  async show({ view, response }: HttpContext) {
    if (await StaffMember.exists()) return response.notFound()
    return view.render('staff/setup', { needsStore: !(await Store.query().first()) })
  }

  async store({ request, response, auth, i18n, session }: HttpContext) {
    if (await StaffMember.exists()) return response.notFound()
    const needsStore = !(await Store.query().first())
    const messages = translatedMessages(i18n)
    const withStore = needsStore ? await request.validateUsing(setupWithStoreValidator, messages) : null
    const input = withStore ?? (await request.validateUsing(setupValidator, messages))
    const store = withStore
      ? { name: withStore.store_name, slug: withStore.store_slug, city: withStore.store_city, timezone: withStore.store_timezone, currency: withStore.store_currency }
      : undefined
    try {
      const owner = await setUpBusiness({ fullName: input.full_name, email: input.email, password: input.password, locale: i18n.locale, ip: request.ip(), store })
      await auth.use('web').login(owner)
      await recordSignIn(owner, request.ip())
      session.flash('success', i18n.t('staff.setup.done'))
      return response.redirect('/admin/stores')
    } catch (error) {
      if (error instanceof AlreadySetUpError) return response.notFound()
      throw error
    }
  }
}
