import type { HttpContext } from '@adonisjs/core/http'
import { checkHealth } from '#shared/health'

export default class HealthController {
  async show({ response }: HttpContext) {
    const report = await checkHealth()
    return response.status(report.ok ? 200 : 503).send(report.body)
  }
}
