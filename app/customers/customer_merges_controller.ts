import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type Customer from '#customers/models/customer'
import { findCustomer, findCustomerByPublicId } from '#customers/find_customer'
import { parseIdentifier } from '#customers/identifier'
import { mergeCustomers, MergeRefused } from '#customers/merge_customers'
import { fieldMessages } from '#customers/validation'

const mergeValidator = vine.compile(vine.object({ duplicate_id: vine.string().trim().toUpperCase().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) }))
const searchValidator = vine.compile(vine.object({ with: vine.string().trim().maxLength(254).optional() }))

/** Merging a duplicate into the customer whose profile this is: find it, compare, confirm. */
export default class CustomerMergesController {
  async show({ params, request, view, response, i18n }: HttpContext) {
    const keep = await findCustomerByPublicId(params.publicId)
    if (!keep) return response.notFound(await view.render('errors/not_found'))
    const { with: search } = await request.validateUsing(searchValidator, { data: request.qs(), messagesProvider: fieldMessages(i18n) })
    let duplicate: Customer | null = null
    let problem: string | null = null
    if (search) {
      const identifier = parseIdentifier(search)
      duplicate = identifier ? await findCustomer(identifier) : null
      if (!identifier) problem = i18n.t('merge.search_invalid')
      else if (!duplicate) problem = i18n.t('merge.not_found')
      else if (duplicate.id === keep.id) problem = i18n.t('merge.same_customer')
      if (problem) duplicate = null
    }
    return view.render('customers/merge', {
      keep,
      duplicate,
      search: search ?? '',
      problem,
      figures: duplicate ? await figuresOf([keep, duplicate]) : null,
    })
  }

  async store({ params, request, response, session, i18n, auth, view }: HttpContext) {
    const keep = await findCustomerByPublicId(params.publicId)
    if (!keep) return response.notFound(await view.render('errors/not_found'))
    const refuse = (message: string) => {
      session.flash('error', message)
      return response.redirect(`/admin/customers/${keep.publicId}/merge`)
    }
    const { duplicate_id: duplicateId } = await request.validateUsing(mergeValidator, { messagesProvider: fieldMessages(i18n) })
    const duplicate = await findCustomerByPublicId(duplicateId)
    if (!duplicate) return refuse(i18n.t('merge.not_found'))
    // The id of a profile already merged now leads to the customer it joined.
    if (duplicate.publicId !== duplicateId) return refuse(i18n.t('merge.refused_unavailable'))
    try {
      await mergeCustomers({ keep, duplicate, staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    } catch (error) {
      if (!(error instanceof MergeRefused)) throw error
      return refuse(i18n.t(`merge.refused_${error.reason}`))
    }
    session.flash('success', i18n.t('merge.done', { name: duplicate.displayName }))
    return response.redirect(`/admin/customers/${keep.publicId}`)
  }
}

/** Visits, points and vouchers of each, so the person merging sees what moves. */
async function figuresOf(customers: Customer[]) {
  const ids = customers.map((customer) => customer.id)
  const points = await db.from('loyalty_accounts').whereIn('customer_id', ids).select('customer_id').sum('points as points').groupBy('customer_id')
  const vouchers = await db.from('vouchers').whereIn('customer_id', ids).where('status', 'issued').select('customer_id').count('* as total').groupBy('customer_id')
  const visits = await db.from('customer_activity').whereIn('customer_id', ids).select('customer_id', 'visit_count')
  return Object.fromEntries(
    customers.map((customer) => [
      customer.publicId,
      {
        visits: Number(visits.find((row) => Number(row.customer_id) === customer.id)?.visit_count ?? 0),
        points: Number(points.find((row) => Number(row.customer_id) === customer.id)?.points ?? 0),
        vouchers: Number(vouchers.find((row) => Number(row.customer_id) === customer.id)?.total ?? 0),
      },
    ])
  )
}
