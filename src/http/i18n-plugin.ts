import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Locale } from '../i18n/locales.js'
import { negotiateLocale } from '../i18n/negotiate.js'
import { type Translate, translator } from '../i18n/translate.js'

export const languageCookie = 'lang'

export default fp(
  async (app) => {
    app.decorateRequest('locale', 'nl' as Locale)
    app.decorateRequest('t', null as unknown as Translate)
    const communityLocale = (request: FastifyRequest) =>
      request.site.defaultLocale ?? app.config.defaultLocale
    app.decorate('communityLocale', communityLocale)
    app.decorate('loadLocale', (request: FastifyRequest) => {
      request.locale = negotiateLocale({
        memberChoice: request.member?.locale,
        cookie: request.cookies[languageCookie],
        acceptLanguage: request.headers['accept-language'],
        siteDefault: communityLocale(request),
      })
      request.t = translator(request.locale)
    })
  },
  { name: 'i18n', dependencies: ['site'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets request.locale and t (called by the reader plugin, after the member is known). */
    loadLocale(request: FastifyRequest): void
    /**
     * The community's language (the site's default, else the configured one): for text everyone reads,
     * whatever language the one who wrote it reads in.
     */
    communityLocale(request: FastifyRequest): Locale
  }
  interface FastifyRequest {
    locale: Locale
    t: Translate
  }
}
