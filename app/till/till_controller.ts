import type { HttpContext } from '@adonisjs/core/http'
import { findCustomerByPublicId } from '#customers/find_customer'
import { newPublicId } from '#shared/public_id'
import { lookupCustomer, type TillLookup } from '#till/lookup_customer'
import { tillCardOf } from '#till/till_card'
import { storeOfStaff } from '#till/staff_store'
import { withinLookupQuota } from '#till/lookup_quota'

export default class TillController {
  /** The till: a search box, and the answer when the form was sent without JavaScript. */
  async index(ctx: HttpContext) {
    const q = String(ctx.request.input('q') ?? '').slice(0, 300)
    if (q.trim() && !(await withinLookupQuota(ctx))) return
    const lookup = await lookupCustomer(q, await this.storeId(ctx))
    return ctx.view.render('till/index', await this.viewData(ctx, lookup, q))
  }

  /** The same answer as JSON for till.js, with the HTML fragment to show. */
  async lookup(ctx: HttpContext) {
    const q = String(ctx.request.input('q') ?? '').slice(0, 300)
    if (!(await withinLookupQuota(ctx))) return
    const lookup = await lookupCustomer(q, await this.storeId(ctx))
    const html = await ctx.view.render('till/_result', await this.viewData(ctx, lookup, q))
    const customer = lookup.state === 'found' ? lookup.card : null
    return ctx.response.header('Cache-Control', 'no-store').json({ state: lookup.state, customer, html })
  }

  async show(ctx: HttpContext) {
    const customer = await findCustomerByPublicId(ctx.params.publicId)
    if (!customer) return ctx.response.notFound(await ctx.view.render('errors/not_found'))
    const lookup: TillLookup = { state: 'found', card: await tillCardOf(customer, await this.storeId(ctx)) }
    return ctx.view.render('till/index', await this.viewData(ctx, lookup, ''))
  }

  /** New customer form, reached from the till without a search. */
  async create(ctx: HttpContext) {
    const prefill = { phone: ctx.request.input('phone') ?? undefined, email: ctx.request.input('email') ?? undefined }
    return ctx.view.render('till/index', await this.viewData(ctx, { state: 'not_found', prefill }, ''))
  }

  protected async storeId(ctx: HttpContext) {
    return (await storeOfStaff(ctx.auth.use('web').user!))?.id ?? null
  }

  protected async viewData(ctx: HttpContext, lookup: TillLookup, q: string) {
    const store = await storeOfStaff(ctx.auth.use('web').user!)
    // A found customer's phone or e-mail is not echoed back into the search box.
    const query = lookup.state === 'found' ? '' : q
    return { lookup, q: query, formToken: newPublicId(), timezone: store?.timezone ?? 'Europe/Paris' }
  }
}
