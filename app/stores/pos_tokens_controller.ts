import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { posTokenValidator } from '#stores/validators'
import { createPosToken, listPosTokens, revokePosToken } from '#stores/pos_tokens'
import { translatedMessages } from '#staff/validation_messages'

export default class PosTokensController {
  async index({ view }: HttpContext) {
    const stores = await Store.query().whereNull('archivedAt').orderBy('name')
    return view.render('stores/pos_tokens', { tokens: await listPosTokens(), stores })
  }

  /** The secret is rendered here once, never stored in clear nor flashed into the session cookie. */
  async store({ request, response, auth, i18n, view }: HttpContext) {
    const input = await request.validateUsing(posTokenValidator, translatedMessages(i18n))
    const store = await Store.query().where('publicId', input.store_id).whereNull('archivedAt').firstOrFail()
    const token = await createPosToken(store, input.name, { staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    response.header('cache-control', 'no-store')
    return view.render('stores/pos_token_created', { name: input.name, store, secret: token.value!.release() })
  }

  async destroy({ params, request, response, session, auth, i18n }: HttpContext) {
    const tokenId = Number(params.id)
    if (!Number.isSafeInteger(tokenId) || tokenId < 1 || tokenId > 2 ** 31 - 1) return response.notFound()
    const revoked = await revokePosToken(tokenId, { staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    if (!revoked) return response.notFound()
    session.flash('success', i18n.t('stores.pos_tokens.revoked'))
    return response.redirect('/admin/pos-tokens')
  }
}
