// Server-rendered pages: Eta templates in views/ with one layout. Handlers call reply.page(), which
// adds what every page needs (language, member, form token, notice, asset URLs) to the handler's data.
import view from '@fastify/view'
import { Eta } from 'eta'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { dateFormatter, dateTimeFormatter, timeFormatter } from '../i18n/dates.js'
import { locales } from '../i18n/locales.js'
import type { MessageKey } from '../i18n/translate.js'
import { viewsDir } from '../paths.js'
import { allows } from './access-plugin.js'
import { takeFlash } from './flash.js'
import { mainNavigation } from './navigation.js'

export interface PageData {
  /** Key of the page title; the layout adds the site name. */
  title: MessageKey | { text: string }
  [name: string]: unknown
}

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

    app.decorateReply('page', async function (this: FastifyReply, template: string, data: PageData) {
      const request = this.request
      const t = request.t
      const title = typeof data.title === 'string' ? t(data.title) : data.title.text
      const html = await this.viewAsync(template, {
        ...data,
        title,
        t,
        locale: request.locale,
        site: request.site,
        member: request.member ?? null,
        currentUrl: request.url,
        csrfToken: this.csrfToken(),
        flash: takeFlash(request, this),
        asset: app.assetUrl,
        nav: mainNavigation(request),
        // The header's search box, where the reader may search (and the feature is installed).
        searchable: allows('read', request) && app.hasRoute({ method: 'GET', url: '/search' }),
        formatDateTime: dateTimeFormatter(request.locale),
        formatDate: dateFormatter(request.locale),
        formatTime: timeFormatter(request.locale),
        locales,
      })
      return this.type('text/html; charset=utf-8').send(html)
    })
  },
  { name: 'views', dependencies: ['i18n', 'security', 'assets'] },
)

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, data: PageData): Promise<FastifyReply>
  }
}
