// Security baseline shared by every route: headers with a strict CSP, cookies, form bodies, CSRF
// protection on every state-changing request, and the rate-limit machinery routes opt into.
import type { IncomingMessage, ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import { HttpError } from './http-error.js'

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** @fastify/csrf-protection's cookie for the secret (its default name). */
const csrfCookie = '_csrf'

export default fp(
  async (app) => {
    const https = app.config.publicUrl?.protocol === 'https:'
    // Helmet itself, asked once: our policy depends on nothing in the request (no nonces), so the
    // headers it sets are the same for every response. @fastify/helmet builds the helmet middleware
    // anew on every request (about a fifth of a small page's CPU time, measured with `npm run bench`).
    const securityHeaders = headersSetBy(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'https:', 'data:'],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            baseUri: ["'self'"],
            objectSrc: ["'none'"],
            // Upgrading on plain-http installations (a laptop, the test suite) would break every asset.
            ...(https ? { upgradeInsecureRequests: [] } : {}),
          },
        },
        hsts: https ? { maxAge: 31536000 } : false,
        referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
        // The same rule as frame-ancestors 'none', for browsers without CSP 2.
        xFrameOptions: { action: 'deny' },
        // Left out: headers for Internet Explorer 8 (X-Download-Options), Flash and old Acrobat
        // (X-Permitted-Cross-Domain-Policies), the XSS filter browsers removed (X-XSS-Protection: 0)
        // and DNS prefetching, which browsers do not do on HTTPS pages anyway. Every header costs every
        // response: without these four a thread page answers 4 % more requests (`npm run bench`).
        xDownloadOptions: false,
        xPermittedCrossDomainPolicies: false,
        xXssProtection: false,
        xDnsPrefetchControl: false,
      }),
    )
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(securityHeaders)
      done()
    })
    await app.register(cookie)
    await app.register(formbody)
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: https, signed: false },
      getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string,
    })
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate limited', { retryAfterMs: context.ttl }),
    })

    // The Lucia guide's CSRF rule for cookie sessions: refuse state changes that a browser says came
    // from another site. The form token below is the second line of defence.
    app.addHook('onRequest', (request, _reply, done) => {
      if (unsafeMethods.has(request.method) && !isSameOrigin(request, app.config.publicUrl)) {
        return done(new HttpError(403, 'cross-origin request refused', { csrf: true }))
      }
      done()
    })
    app.addHook('preHandler', (request, reply, done) => {
      if (!unsafeMethods.has(request.method)) return done()
      app.csrfProtection(request, reply, done)
    })
    // A token stays valid as long as its secret (the _csrf cookie), so a reader's token is made once
    // and reused on their next pages instead of hashed anew for each.
    const tokensBySecret = new Map<string, string>()
    app.decorateReply('csrfToken', function (this: FastifyReply) {
      const request = this.request
      if (request.csrfTokenCache) return request.csrfTokenCache
      const secret = request.cookies[csrfCookie]
      let token = secret ? tokensBySecret.get(secret) : undefined
      if (token === undefined) {
        token = this.generateCsrf()
        if (secret) {
          if (tokensBySecret.size >= 1000) tokensBySecret.clear()
          tokensBySecret.set(secret, token)
        }
      }
      request.csrfTokenCache = token
      return token
    })
    app.decorateRequest('csrfTokenCache', null)
  },
  { name: 'security', dependencies: [] },
)

/** The headers a response gets from a middleware that only sets headers. */
function headersSetBy(
  middleware: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void,
): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name] = String(value)
    },
    removeHeader(name: string) {
      delete headers[name]
    },
  }
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error
  })
  return headers
}

function isSameOrigin(request: FastifyRequest, publicUrl: URL | null): boolean {
  const origin = request.headers.origin
  if (origin === undefined) {
    // No Origin header: a non-browser client or an old browser. Fetch metadata, when present, still tells.
    return request.headers['sec-fetch-site'] !== 'cross-site'
  }
  let originUrl: URL
  try {
    originUrl = new URL(origin)
  } catch {
    return false
  }
  if (publicUrl) return originUrl.origin === publicUrl.origin
  // Normalise the Host header the same way (default ports dropped) before comparing.
  try {
    return originUrl.host === new URL(`${originUrl.protocol}//${request.headers.host ?? ''}`).host
  } catch {
    return false
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** The form token for this response; one per request however many forms the page has. */
    csrfToken(): string
  }
  interface FastifyRequest {
    csrfTokenCache: string | null
  }
}
