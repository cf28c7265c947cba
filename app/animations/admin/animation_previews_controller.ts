import type { HttpContext } from '@adonisjs/core/http'
import mail from '@adonisjs/mail/services/main'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import { animationOf } from '#animations/admin/animations_controller'
import { previewMessages } from '#animations/admin/message_preview'
import { estimateAudience } from '#animations/audience_estimate'
import { sourceOf, withSegment } from '#animations/active_animations'
import { findCustomer, findCustomerByPublicId } from '#customers/find_customer'
import { parseIdentifier } from '#customers/identifier'

/**
 * The dry run before activating: the messages for a real customer (found
 * by card, phone or e-mail), the audience estimate (today, the last 90
 * days, the reward's cost), and a test send to the marketer's own address.
 * Nothing here fires, issues a voucher or counts as a delivery.
 */
export default class AnimationPreviewsController {
  async show({ params, request, view, response }: HttpContext) {
    const animation = await animationOf(params.publicId)
    if (!animation) return response.notFound()
    const query = String(request.qs().customer ?? '').slice(0, 254)
    const customer = query ? await customerFrom(query) : null
    const preview = customer ? await previewMessages(animation, customer.id) : null
    const estimate = await estimateAudience(await withSegment(sourceOf(animation)), await pointValueCents())
    return view.render('animations/preview', { animation, query, preview, notFound: query !== '' && !preview, estimate })
  }

  async testSend({ params, request, response, session, i18n, auth }: HttpContext) {
    const animation = await animationOf(params.publicId)
    if (!animation) return response.notFound()
    const query = String(request.input('customer', '')).slice(0, 254)
    const customer = query ? await customerFrom(query) : null
    const preview = customer ? await previewMessages(animation, customer.id) : null
    const back = `/admin/animations/${animation.publicId}/preview?customer=${encodeURIComponent(query)}`
    const email = preview?.messages.find((message) => message.channel === 'email')
    if (!preview || !email) {
      session.flash('error', i18n.t(preview ? 'animations.preview.no_email' : 'animations.preview.customer_required'))
      return response.redirect(back)
    }
    const staff = auth.use('web').user!
    await mail.send((message) => {
      message.to(staff.email).subject(`[TEST] ${email.subject}`).html(email.html!).text(email.text).header('X-Comptoir-Test', animation.publicId)
    })
    session.flash('success', i18n.t('animations.preview.sent', { email: staff.email }))
    return response.redirect(back)
  }
}

async function customerFrom(query: string) {
  const identifier = parseIdentifier(query)
  if (identifier) return findCustomer(identifier)
  return findCustomerByPublicId(query.trim().toUpperCase())
}

/** What a point is worth in the first active programme (the reward's cost of bonus points). */
async function pointValueCents() {
  const program = await LoyaltyProgram.query().where('status', 'active').orderBy('position').orderBy('id').first()
  return program?.parsedRules.points?.point_value_cents ?? null
}
