// Pages that belong to no single feature: home, the statements every government site needs, the
// language switch and the health check.
import type { FastifyPluginAsync } from 'fastify'
import { sql } from 'kysely'
import { updateMember } from '../auth/queries.js'
import { setFlash } from '../http/flash.js'
import { languageCookie } from '../http/i18n-plugin.js'
import { isLocale } from '../i18n/locales.js'
import { findLatestReport, findNextPlannedSession } from '../sessions/queries.js'
import { listRecentlyChangedPages } from '../wiki/queries.js'
import { safeRedirectTarget } from './safe-redirect.js'

const oneYearSeconds = 365 * 24 * 60 * 60

export const coreRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: 'read' } }, async (_request, reply) =>
    reply.page('core/home.eta', {
      title: 'home.title',
      recentPages: await listRecentlyChangedPages(app.db, 8),
      nextSession: (await findNextPlannedSession(app.db)) ?? null,
      latestReport: (await findLatestReport(app.db)) ?? null,
      // Cards of features that are not installed yet stay away rather than promise an empty page.
      hasSessions: app.hasRoute({ method: 'GET', url: '/sessions' }),
      hasThreads: app.hasRoute({ method: 'GET', url: '/threads' }),
    }),
  )

  app.get('/toegankelijkheid', { config: { access: 'always' } }, async (_request, reply) =>
    reply.page('core/accessibility.eta', { title: 'accessibility.title' }),
  )

  app.get('/privacy', { config: { access: 'always' } }, async (_request, reply) =>
    reply.page('core/privacy.eta', { title: 'privacy.title' }),
  )

  app.post<{ Body: { locale?: string; next?: string } }>(
    '/language',
    { config: { access: 'always' } },
    async (request, reply) => {
      const locale = request.body?.locale
      if (isLocale(locale)) {
        reply.setCookie(languageCookie, locale, {
          path: '/',
          maxAge: oneYearSeconds,
          sameSite: 'lax',
          httpOnly: true,
          secure: app.config.publicUrl?.protocol === 'https:',
        })
        // A member's choice follows them to every device.
        if (request.member) await updateMember(app.db, request.member.id, { locale })
        setFlash(reply, 'flash.languageChanged')
      }
      return reply.redirect(safeRedirectTarget(request.body?.next), 303)
    },
  )

  app.get('/healthz', { config: { access: 'always', bare: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(app.db)
      return { status: 'ok' }
    } catch (error) {
      request.log.error({ err: error }, 'health check: database does not answer')
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
}
