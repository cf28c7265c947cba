import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'

/**
 * The application key encrypts cookies and signs URLs. Production refuses
 * to boot without a long, random one (R60).
 */
export const appKey = new Secret(env.get('APP_KEY'))
if (app.inProduction && env.get('APP_KEY').length < 32) {
  throw new Error('APP_KEY must be at least 32 random characters in production')
}

/** Without a trailing slash, so links are written `${appUrl}/path` everywhere. */
export const appUrl = (env.get('APP_URL') ?? `http://localhost:${env.get('PORT') ?? 3333}`).replace(/\/+$/, '')

/**
 * The client IP is read from X-Forwarded-For only when the request comes
 * from a proxy listed in TRUSTED_PROXIES (R53); by default no proxy is trusted.
 */
const trustedProxies = (env.get('TRUSTED_PROXIES') ?? '').split(',').map((s) => s.trim()).filter(Boolean)

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  trustProxy: trustedProxies.length > 0 ? proxyAddr.compile(trustedProxies) : () => false,
  // A French amount in a GET form ("2,50") stays one value: no comma-separated arrays.
  qs: { parse: { depth: 5, parameterLimit: 1000, allowSparse: false, arrayLimit: 20, comma: false } },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
