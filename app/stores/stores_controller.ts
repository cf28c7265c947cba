import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { storeFormMessages, storeValidator } from '#stores/validators'
import { saveStore, SlugTakenError } from '#stores/save_store'
import { fieldError } from '#staff/validation_messages'
import { storeFormPage } from '#stores/store_form_page'

export default class StoresController {
  async index({ view }: HttpContext) {
    const stores = await Store.query().orderBy('isDefault', 'desc').orderBy('name')
    return view.render('stores/index', { stores })
  }

  async create({ view }: HttpContext) {
    return view.render('stores/form', await storeFormPage(null))
  }

  async edit({ params, view }: HttpContext) {
    const store = await Store.findByOrFail('publicId', params.publicId)
    return view.render('stores/form', await storeFormPage(store))
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
    const input = await request.validateUsing(storeValidator, storeFormMessages(i18n))
    const actor = { staffMemberId: auth.use('web').user!.id, ip: request.ip() }
    const { address_line: addressLine, postal_code: postalCode, legal_name: legalName, review_url: reviewUrl, brand_colour: colour, brand_colour_reset: reset, ...rest } = input
    const brandColour = reset ? null : colour
    try {
      return await saveStore({ ...rest, addressLine, postalCode, legalName, reviewUrl, brandColour }, actor, existing)
    } catch (error) {
      if (error instanceof SlugTakenError) throw fieldError('slug', i18n.t('stores.slug_taken'), 'unique')
      throw error
    }
  }
}
