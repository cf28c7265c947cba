import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { auditActions, listAuditLogs } from '#staff/list_audit_logs'

const auditFilterValidator = vine.compile(
  vine.object({
    before: vine.number().withoutDecimals().range([1, 2 ** 53]).optional(),
    action: vine.string().trim().maxLength(64).regex(/^[a-z_.]+$/).optional(),
  })
)

export default class AuditLogsController {
  async index({ request, view, response }: HttpContext) {
    const [error, filter] = await auditFilterValidator.tryValidate(request.qs())
    if (error) return response.redirect('/admin/audit')
    const page = await listAuditLogs(filter)
    return view.render('staff/audit', { ...page, actions: await auditActions(), filter })
  }
}
