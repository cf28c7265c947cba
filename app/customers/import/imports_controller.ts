import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import CustomerImport from '#customers/import/models/customer_import'
import { CsvFileError, MAX_DATA_ROWS } from '#customers/import/csv_file'
import { TARGET_FIELDS, guessMapping, isTargetField } from '#customers/import/column_mapping'
import { findPendingUpload, storePendingUpload, type PendingUpload } from '#customers/import/pending_upload'
import { startCustomerImportLater } from '#customers/import/start_customer_import'

/** /admin/imports: list, upload (step 1), column mapping (step 2), start. */
export default class ImportsController {
  async index(ctx: HttpContext) {
    return this.renderIndex(ctx)
  }

  async store(ctx: HttpContext) {
    const { request, auth, i18n } = ctx
    const file = request.file('file', { size: '10mb', extnames: ['csv', 'txt'] })
    if (!file) return this.renderIndex(ctx, 422, i18n.t('imports.errors.missing'))
    if (!file.isValid || !file.tmpPath) {
      const tooLarge = file.errors.some((error) => error.type === 'size')
      return this.renderIndex(ctx, tooLarge ? 413 : 422, i18n.t(tooLarge ? 'imports.errors.too_large' : 'imports.errors.extname'))
    }
    try {
      const upload = await storePendingUpload(file.tmpPath, file.clientName, auth.use('web').user!.id)
      return ctx.response.redirect(`/admin/imports/uploads/${upload.token}`)
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error
      return this.renderIndex(ctx, 422, i18n.t(`imports.errors.${error.code}`, { max: MAX_DATA_ROWS }))
    }
  }

  async editMapping(ctx: HttpContext) {
    const upload = await findPendingUpload(ctx.params.token, ctx.auth.use('web').user!.id)
    if (!upload) return ctx.response.notFound(await ctx.view.render('errors/not_found'))
    return this.renderMapping(ctx, upload, guessMapping(upload.header))
  }

  async start(ctx: HttpContext) {
    const { request, auth, i18n, session, response } = ctx
    const upload = await findPendingUpload(ctx.params.token, auth.use('web').user!.id)
    if (!upload) return response.notFound(await ctx.view.render('errors/not_found'))
    const columns = request.input('columns', [])
    const fields = upload.header.map((_, index) => (Array.isArray(columns) ? columns[index] : columns?.[index]))
    const store = await Store.find(Number(request.input('store_id')))
    const chosen = fields.filter((field) => field !== 'ignore')
    let error: string | null = null
    if (!fields.every(isTargetField) || !store) error = i18n.t('imports.errors.invalid_mapping')
    else if (!chosen.includes('email') && !chosen.includes('phone')) error = i18n.t('imports.errors.no_identifier')
    else if (new Set(chosen).size !== chosen.length) error = i18n.t('imports.errors.field_twice')
    if (error) return this.renderMapping(ctx, upload, fields.map((field) => (isTargetField(field) ? field : 'ignore')), error)
    const { record, enqueued } = await startCustomerImportLater({ upload, fields: fields.filter(isTargetField), storeId: store!.id, staffMemberId: auth.use('web').user!.id, ip: request.ip() })
    session.flash(enqueued ? 'success' : 'error', i18n.t(enqueued ? 'imports.flash.started' : 'imports.flash.queue_down'))
    return response.redirect(`/admin/imports/${record.publicId}`)
  }

  protected async renderIndex(ctx: HttpContext, status = 200, uploadError: string | null = null) {
    const imports = await CustomerImport.query().preload('staffMember').preload('store').orderBy('id', 'desc').limit(50)
    ctx.response.status(status)
    return ctx.view.render('imports/index', { imports, uploadError, maxRows: MAX_DATA_ROWS })
  }

  protected async renderMapping(ctx: HttpContext, upload: PendingUpload, fields: string[], error: string | null = null) {
    const stores = await Store.query().orderBy('name')
    const staffStore = ctx.auth.use('web').user!.storeId
    const defaultStoreId = Number(ctx.request.input('store_id')) || staffStore || (stores.find((store) => store.isDefault) ?? stores[0])?.id
    ctx.response.status(error ? 422 : 200)
    return ctx.view.render('imports/mapping', { upload, fields, targets: TARGET_FIELDS, stores, defaultStoreId, error })
  }
}
