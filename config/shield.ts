import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'

const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`],
      styleSrc: [`'self'`],
      imgSrc: [`'self'`, 'data:'],
      connectSrc: [`'self'`],
      mediaSrc: [`'self'`, 'blob:'],
      frameAncestors: [`'none'`],
      formAction: [`'self'`],
      objectSrc: [`'none'`],
      baseUri: [`'self'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    // The POS API authenticates with bearer tokens, never cookies.
    // /u/: RFC 8058 one-click unsubscribe comes from mail clients, without a token (the link's 128-bit token is the proof);
    // /webhooks/: providers sign their requests instead.
    exceptRoutes: (ctx) => ctx.request.url().startsWith('/api/') || ctx.request.url() === '/health' || /^\/u\/[A-Za-z0-9_-]{22}$/.test(ctx.request.url()) || ctx.request.url().startsWith('/webhooks/'),
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: app.inProduction, maxAge: '365 days', includeSubDomains: true },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
