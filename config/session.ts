import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Staff sessions live in an encrypted cookie: no Redis or database round
 * trip per page, and the till keeps working when Redis is down. A disabled
 * account is refused on its next request by the auth middleware, which
 * re-reads the account (R48).
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: app.inProduction ? '__Host-comptoir-session' : 'comptoir-session',
  clearWithBrowser: true,
  age: '12h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', 'cookie'),
  stores: {
    cookie: stores.cookie(),
  },
})

export default sessionConfig
