import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'
import { maskLogValue } from '#shared/redact'

/**
 * Logs never carry e-mails or phone numbers: known fields are redacted and
 * the pino formatter masks anything that looks like one (invariant 8).
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'comptoir',
      level: env.get('LOG_LEVEL', app.inTest ? 'silent' : 'info'),
      redact: {
        paths: ['email', '*.email', 'phone', '*.phone', 'password', '*.password', 'token', '*.token', 'headers.authorization', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args: unknown[], method: (...args: unknown[]) => void) {
          return method.apply(this, args.map((arg) => maskLogValue(arg)))
        },
      },
      transport: {
        targets: targets()
          .pushIf(!app.inProduction, targets.pretty())
          .pushIf(app.inProduction, targets.file({ destination: 1 }))
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
