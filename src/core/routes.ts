// Pages that belong to no single feature: home, the statements every government site needs, the
// language switch and the health check.
import type { FastifyPluginAsync } from 'fastify'
import { updateMember } from '../auth/queries.js'
import { VersionedCache } from '../cache/versioned-cache.js'
import { listBusyThreads, listOpenQuestions } from '../forum/queries.js'
import { threadPath } from '../forum/thread-path.js'
import { setFlash } from '../http/flash.js'
import { languageCookie } from '../http/i18n-plugin.js'
import { isLocale } from '../i18n/locales.js'
import { findLatestReport, findNextPlannedSession } from '../sessions/queries.js'
import { listRecentlyChangedPages } from '../wiki/queries.js'
import { safeRedirectTarget } from './safe-redirect.js'

const oneYearSeconds = 365 * 24 * 60 * 60

export const coreRoutes: FastifyPluginAsync = async (app) => {
  // Built from several lists; cached per content version and per minute (the next session depends on
  // the time as well as on the content).
  const homeViews = new VersionedCache<Awaited<ReturnType<typeof loadHome>>>(4)
  const loadHome = async () => ({
    recentPages: await listRecentlyChangedPages(app.db, 8),
    nextSession: (await findNextPlannedSession(app.db)) ?? null,
    latestReport: (await findLatestReport(app.db)) ?? null,
    openQuestions: (await listOpenQuestions(app.db, 6)).map((t) => ({ ...t, path: threadPath(t) })),
    busyThreads: (await listBusyThreads(app.db, 6)).map((t) => ({ ...t, path: threadPath(t) })),
  })

  app.get('/', { config: { access: 'read' } }, async (request, reply) => {
    const minute = Math.floor(Date.now() / 60_000)
    const home = await homeViews.get(`home:${minute}`, request.contentVersion, loadHome)
    return reply.page('core/home.eta', {
      title: 'home.title',
      ...home,
      // Cards of features that are not installed yet stay away rather than promise an empty page.
      hasSessions: app.hasRoute({ method: 'GET', url: '/sessions' }),
      hasThreads: app.hasRoute({ method: 'GET', url: '/threads' }),
    })
  })

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

  // 200 only when the database both answers and takes writes: a read-only or full database serves
  // pages but loses every form, which monitoring must see (503 degraded) until writes work again.
  app.get('/healthz', { config: { access: 'always', bare: true } }, async (request, reply) => {
    const answer = await app.databaseHealth.check(app.db)
    if (answer.status === 'ok') return answer
    request.log.error({ health: answer }, 'health check: database does not answer or take writes')
    return reply.code(503).send(answer)
  })
}
