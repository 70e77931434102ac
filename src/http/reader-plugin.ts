// One hook works out who is reading and in which setting, for every request: the site settings and
// content version, the member behind the session cookie, the language and the unread count (each
// plugin owns its part; this hook runs them in order). A route that keeps rendered pages
// (config.keptPage) is answered right here when its page is kept and the reader may see it: a busy
// thread then costs one hook instead of a dozen steps (measured with `npm run bench`).
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { allows } from './access-plugin.js'

export default fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      // Each step answers without a promise when what it needs is in memory (nearly always): on a busy
      // page a promise per step is measurable.
      const loadingSite = app.loadSite(request)
      if (loadingSite) await loadingSite
      const loadingMember = app.loadMember(request, reply)
      if (loadingMember) await loadingMember
      app.loadLocale(request)
      const loadingCount = app.loadUnreadCount(request)
      if (loadingCount) await loadingCount
      const { keptPage, access } = request.routeOptions.config
      // Anything else (not kept, not allowed, a form's answer) goes the whole way: the access hook
      // answers with a login redirect or the 403 page.
      if (keptPage && access && request.method === 'GET' && allows(access, request)) {
        const sent = await keptPage(request, reply)
        if (sent) return sent
      }
    })
  },
  { name: 'reader', dependencies: ['site', 'auth', 'i18n', 'unread-notifications'] },
)

/** Sends the route's kept page for this request and returns the reply, or returns null to go on. */
export type KeptPage = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | null>

declare module 'fastify' {
  interface FastifyContextConfig {
    keptPage?: KeptPage
  }
}
