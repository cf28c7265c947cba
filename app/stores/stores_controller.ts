import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { storeValidator } from '#stores/validators'
import { saveStore, SlugTakenError } from '#stores/save_store'
import { fieldError, translatedMessages } from '#staff/validation_messages'

export default class StoresController {
  async index({ view }: HttpContext) {
    const stores = await Store.query().orderBy('isDefault', 'desc').orderBy('name')
    return view.render('stores/index', { stores })
  }

  async create({ view }: HttpContext) {
    return view.render('stores/form', { store: null })
  }

  async edit({ params, view }: HttpContext) {
    const store = await Store.findByOrFail('publicId', params.publicId)
    return view.render('stores/form', { store })
  }

  async store(ctx: HttpContext) {
    await this.save(ctx)
    ctx.session.flash('success', ctx.i18n.t('stores.created'))
    return ctx.response.redirect('/admin/stores')
  }

  async update(ctx: HttpContext) {
    const store = await Store.findByOrFail('publicId', ctx.params.publicId)
    await this.save(ctx, store)
    ctx.session.flash('success', ctx.i18n.t('stores.updated'))
    return ctx.response.redirect('/admin/stores')
  }

  protected async save({ request, auth, i18n }: HttpContext, existing?: Store) {
    const input = await request.validateUsing(storeValidator, translatedMessages(i18n))
    const actor = { staffMemberId: auth.use('web').user!.id, ip: request.ip() }
    const { address_line: addressLine, postal_code: postalCode, legal_name: legalName, review_url: reviewUrl, ...rest } = input
    try {
      return await saveStore({ ...rest, addressLine, postalCode, legalName, reviewUrl }, actor, existing)
    } catch (error) {
      if (error instanceof SlugTakenError) throw fieldError('slug', i18n.t('stores.slug_taken'), 'unique')
      throw error
    }
  }
}
