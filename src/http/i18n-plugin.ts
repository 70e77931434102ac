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
    app.decorate('loadLocale', (request: FastifyRequest) => {
      request.locale = negotiateLocale({
        memberChoice: request.member?.locale,
        cookie: request.cookies[languageCookie],
        acceptLanguage: request.headers['accept-language'],
        siteDefault: request.site.defaultLocale ?? app.config.defaultLocale,
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
  }
  interface FastifyRequest {
    locale: Locale
    t: Translate
  }
}
