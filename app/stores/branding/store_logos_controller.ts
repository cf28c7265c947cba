import { readFile, unlink } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Store from '#stores/models/store'
import { LogoRefusedError, MAX_LOGO_BYTES, MAX_LOGO_PIXELS_PER_SIDE, type LogoRefusal } from '#stores/branding/logo_file'
import { removeStoreLogo, replaceStoreLogo } from '#stores/branding/store_logo'
import { MAX_SVG_DEPTH, MAX_SVG_ELEMENTS } from '#stores/branding/svg_sanitiser'
import { storeFormPage } from '#stores/store_form_page'

/**
 * The logo form of the store edit page: upload (replacing) and removal.
 * A refused upload answers the edit page itself, 413 or 422 with the
 * reason under the file field (a redirect would lose the chosen file anyway).
 */
export default class StoreLogosController {
  async store(ctx: HttpContext) {
    const { params, request, response, session, auth, i18n } = ctx
    const store = await Store.findByOrFail('publicId', params.publicId)
    const file = request.file('logo', { size: MAX_LOGO_BYTES })
    if (!file) return this.refuse(ctx, store, 'missing')
    try {
      await replaceStoreLogo(store, await uploadedBytes(file), { staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    } catch (error) {
      if (!(error instanceof LogoRefusedError)) throw error
      return this.refuse(ctx, store, error.reason)
    } finally {
      if (file.tmpPath) await unlink(file.tmpPath).catch(() => {})
    }
    session.flash('success', i18n.t('stores.logo.saved'))
    return response.redirect(`/admin/stores/${store.publicId}/edit`)
  }

  async destroy({ params, request, response, session, auth, i18n }: HttpContext) {
    const store = await Store.findByOrFail('publicId', params.publicId)
    await removeStoreLogo(store, { staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    session.flash('success', i18n.t('stores.logo.removed'))
    return response.redirect(`/admin/stores/${store.publicId}/edit`)
  }

  protected async refuse({ response, view, i18n }: HttpContext, store: Store, reason: LogoRefusal | 'missing') {
    const limits = { maxKb: MAX_LOGO_BYTES / 1024, maxPixels: MAX_LOGO_PIXELS_PER_SIDE, maxElements: MAX_SVG_ELEMENTS, maxDepth: MAX_SVG_DEPTH }
    const message = i18n.t(reason === 'missing' ? 'stores.logo.missing' : `stores.logo.refused.${reason}`, limits)
    response.status(reason === 'too_heavy' ? 413 : 422)
    return view.render('stores/form', await storeFormPage(store, message))
  }
}

/** The bodyparser has already streamed the part to a temporary file and measured it. */
async function uploadedBytes(file: MultipartFile) {
  if (file.errors.some((error) => error.type === 'size')) throw new LogoRefusedError('too_heavy')
  if (!file.isValid || !file.tmpPath) throw new LogoRefusedError('not_an_image')
  return readFile(file.tmpPath)
}
