// Server-rendered pages: Eta templates in views/ with one layout. Handlers call reply.page(), which
// adds what every page needs (language, member, form token, notice, asset URLs) to the handler's data,
// renders it into a plan with holes for what depends on the reader (src/http/page-plan.ts) and fills
// it. reply.cachedPage() keeps the plan of a busy page for the next readers.
import { randomUUID } from 'node:crypto'
import view from '@fastify/view'
import { Eta } from 'eta'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { VersionedCache } from '../cache/versioned-cache.js'
import { dateFormatter, dateTimeFormatter, timeFormatter } from '../i18n/dates.js'
import { type Locale, locales } from '../i18n/locales.js'
import { type MessageKey, translator } from '../i18n/translate.js'
import { viewsDir } from '../paths.js'
import { allows } from './access-plugin.js'
import { afterClose, BufferPool } from './buffer-pool.js'
import { hasFlash, takeFlash } from './flash.js'
import { mainNavigation } from './navigation.js'
import { type Hole, type PagePlan, PlanBuilder, type Reader } from './page-plan.js'

export interface PageData {
  /** Key of the page title; the layout adds the site name. */
  title: MessageKey | { text: string }
  [name: string]: unknown
}

/** Rendered pages kept per content version; see reply.cachedPage. */
export type PageCache = VersionedCache<PagePlan>

/** A cache of rendered pages bounded by count and by the memory their text takes. */
export function pageCache(maxPages: number, maxMegabytes: number): PageCache {
  return new VersionedCache(maxPages, { maxBytes: maxMegabytes * 1024 * 1024, bytesOf: (plan) => plan.bytes })
}

const csrfTokenHole: Hole = (reader) => reader.csrfToken()
const submissionKeyHole: Hole = () => randomUUID()

export default fp(
  async (app) => {
    const production = !app.config.development
    const eta = new Eta({ views: viewsDir, cache: production, autoEscape: true })
    await app.register(view, {
      engine: { eta },
      templates: viewsDir,
      layout: 'layout.eta',
      production,
    })

    const buffers = new BufferPool()
    // The holes are made here, not in renderPlan: a function made there would keep renderPlan's
    // scope alive, and with it the request, response and socket of the first reader, for as long as
    // the plan is kept (measured: 400 kept thread pages held the 400 requests that rendered them,
    // 36 MB of heap).
    const unreadBadgeHole = (locale: Locale): Hole => {
      const t = translator(locale)
      return (reader) =>
        reader.unreadNotifications > 0
          ? eta.render('/partials/unread-badge', { count: reader.unreadNotifications, t })
          : ''
    }
    const unreadBadgeHoles = { nl: unreadBadgeHole('nl'), en: unreadBadgeHole('en') } satisfies Record<
      Locale,
      Hole
    >

    /**
     * `shared`: the plan may be kept and filled for other readers of the same role and language, so
     * it gets the role alone instead of the member, and no one-time notice.
     */
    async function renderPlan(
      reply: FastifyReply,
      template: string,
      data: PageData,
      shared: { currentUrl: string } | null,
    ): Promise<PagePlan> {
      const request = reply.request
      const t = request.t
      const plan = new PlanBuilder()
      const title = typeof data.title === 'string' ? t(data.title) : data.title.text
      const member = request.member
      const html = await reply.viewAsync(template, {
        ...data,
        title,
        t,
        locale: request.locale,
        site: request.site,
        member: shared && member ? { role: member.role } : (member ?? null),
        currentUrl: shared ? shared.currentUrl : request.url,
        csrfToken: plan.hole(csrfTokenHole),
        newSubmissionKey: plan.hole(submissionKeyHole),
        forMembers: (members: readonly (number | null)[], own: string, other: string) =>
          plan.forMembers(members, own, other),
        flash: shared ? null : takeFlash(request, reply),
        asset: app.assetUrl,
        nav: mainNavigation(request).map((item) => ({
          ...item,
          badge: item.unreadBadge ? plan.hole(unreadBadgeHoles[request.locale]) : '',
        })),
        // The header's search box, where the reader may search (and the feature is installed), but not
        // above the search page's own form.
        searchable:
          allows('read', request) &&
          app.hasRoute({ method: 'GET', url: '/search' }) &&
          request.routeOptions.url !== '/search',
        formatDateTime: dateTimeFormatter(request.locale),
        formatDate: dateFormatter(request.locale),
        formatTime: timeFormatter(request.locale),
        locales,
      })
      // A page for this response alone is laid out in a lent buffer, as it is sent the once.
      return shared ? plan.build(html) : plan.build(html, (bytes) => buffers.lend(bytes, reply.raw))
    }

    function send(reply: FastifyReply, plan: PagePlan) {
      const request = reply.request
      const reader: Reader = {
        memberId: request.member?.id ?? null,
        unreadNotifications: request.unreadNotifications,
        csrfToken: () => reply.csrfToken(),
      }
      const response = reply.raw
      const page = plan.fill(reader, {
        allocate: (bytes) => buffers.lend(bytes, response),
        whenSent: (release) => afterClose(response, release),
      })
      return reply.type('text/html; charset=utf-8').send(page)
    }

    app.decorateReply('page', async function (this: FastifyReply, template: string, data: PageData) {
      return send(this, await renderPlan(this, template, data, null))
    })

    /** The kept page's key: the route's part, and the role and language every page depends on. */
    const keptKey = (reply: FastifyReply, key: string) =>
      `${key}:${reply.request.locale}:${reply.request.member?.role ?? 'visitor'}`

    app.decorateReply(
      'cachedPage',
      async function (
        this: FastifyReply,
        options: { cache: PageCache; key: string; currentUrl: string },
        template: string,
        data: () => Promise<PageData>,
      ) {
        // A pending notice is for this reader alone.
        if (hasFlash(this.request)) return this.page(template, await data())
        const plan = await options.cache.get(
          keptKey(this, options.key),
          this.request.contentVersion,
          async () => renderPlan(this, template, await data(), { currentUrl: options.currentUrl }),
        )
        return send(this, plan)
      },
    )

    app.decorateReply('sendKeptPage', function (this: FastifyReply, cache: PageCache, key: string) {
      if (hasFlash(this.request)) return null
      const plan = cache.peek(keptKey(this, key), this.request.contentVersion)
      return plan ? send(this, plan) : null
    })
  },
  { name: 'views', dependencies: ['i18n', 'security', 'assets'] },
)

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, data: PageData): Promise<FastifyReply>
    /**
     * A page whose rendering is kept per content version and shared by readers with the same role and
     * language; `key` must name everything else the page depends on (thread, page number, …).
     * Reader-specific parts go through holes (csrfToken, newSubmissionKey, forMembers, the unread
     * badge).
     */
    cachedPage(
      options: { cache: PageCache; key: string; currentUrl: string },
      template: string,
      data: () => Promise<PageData>,
    ): Promise<FastifyReply>
    /** Sends the page cachedPage() keeps under `key` (for the reader's role and language), if any. */
    sendKeptPage(cache: PageCache, key: string): FastifyReply | null
  }
}
