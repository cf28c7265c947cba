import { DateTime } from 'luxon'
import { dbTimestamp } from '#shared/db_time'
import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { countSegment, validateSegmentFilters, type SegmentFilters } from '#animations/segments/segment_filters'
import { filtersOf, formOf, readSegmentForm, type SegmentForm } from '#animations/segments/segment_form'
import { newPublicId } from '#shared/public_id'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/**
 * Segments (/admin/segments): saved filters with their count now. The form
 * counts without saving ("Compter"), or saves; a form with errors comes
 * back as typed (422) and stores nothing.
 */
export default class SegmentsController {
  async index({ view }: HttpContext) {
    const rows = await db.from('segments').orderBy('name').select('public_id', 'name', 'filters')
    const segments = []
    for (const row of rows) segments.push({ publicId: row.public_id, name: row.name, count: await countSegment(JSON.parse(row.filters)) })
    return view.render('segments/index', { segments })
  }

  async create(ctx: HttpContext) {
    return render(ctx, null, formOf('', {}), {}, null)
  }

  async edit(ctx: HttpContext) {
    const segment = await segmentOf(ctx.params.publicId)
    if (!segment) return ctx.response.notFound()
    const filters = JSON.parse(segment.filters) as SegmentFilters
    return render(ctx, segment.public_id, formOf(segment.name, filters), {}, await countSegment(filters))
  }

  async store(ctx: HttpContext) {
    return submit(ctx, null)
  }

  async update(ctx: HttpContext) {
    const segment = await segmentOf(ctx.params.publicId)
    if (!segment) return ctx.response.notFound()
    return submit(ctx, segment.public_id)
  }
}

function segmentOf(publicId: string) {
  return ULID.test(publicId) ? db.from('segments').where('public_id', publicId).first() : Promise.resolve(null)
}

async function submit(ctx: HttpContext, publicId: string | null) {
  const form = readSegmentForm(ctx.request.body())
  const fieldErrors: Record<string, string[]> = {}
  let filters: SegmentFilters | null = null
  try {
    filters = await validateSegmentFilters.validate(filtersOf(form))
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    for (const message of error.messages as Array<{ field: string }>) {
      const field = message.field.split('.')[0].replace('spent_min_cents', 'spent_min')
      ;(fieldErrors[field] ??= []).push(ctx.i18n.t(`segments.errors.${field}`))
    }
  }
  const counting = ctx.request.input('intent') === 'count'
  if (!counting && (form.name.length === 0 || form.name.length > 80)) (fieldErrors.name ??= []).push(ctx.i18n.t('segments.errors.name'))
  // The form's live count (public/js/segment_form.js): the same check, answered as JSON.
  if (counting && ctx.request.accepts(['html', 'json']) === 'json') {
    if (!filters || Object.keys(fieldErrors).length > 0) return ctx.response.unprocessableEntity({ text: ctx.i18n.t('segments.count_invalid') })
    const count = await countSegment(filters)
    return { count, text: ctx.i18n.t('segments.count_result', { count }) }
  }
  if (Object.keys(fieldErrors).length > 0 || !filters) {
    ctx.response.status(422)
    return render(ctx, publicId, form, fieldErrors, null)
  }
  if (counting) return render(ctx, publicId, form, {}, await countSegment(filters))
  const now = dbTimestamp(DateTime.utc())
  if (publicId) await db.from('segments').where('public_id', publicId).update({ name: form.name, filters: JSON.stringify(filters), updated_at: now })
  else await db.table('segments').insert({ public_id: newPublicId(), name: form.name, filters: JSON.stringify(filters), created_at: now, updated_at: now })
  ctx.session.flash('success', ctx.i18n.t('segments.saved', { name: form.name }))
  return ctx.response.redirect('/admin/segments')
}

async function render(ctx: HttpContext, publicId: string | null, form: SegmentForm, fieldErrors: Record<string, string[]>, count: number | null) {
  const stores = await db.from('stores').whereNull('archived_at').orderBy('name').select('id', 'name')
  return ctx.view.render('segments/form', { publicId, form, errors: fieldErrors, count, stores })
}
