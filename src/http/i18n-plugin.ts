import fp from 'fastify-plugin'
import type { Locale } from '../i18n/locales.js'
import { negotiateLocale } from '../i18n/negotiate.js'
import { type Translate, translator } from '../i18n/translate.js'

export const languageCookie = 'lang'

export default fp(
  async (app) => {
    app.decorateRequest('locale', 'nl' as Locale)
    app.decorateRequest('t', null as unknown as Translate)
    app.addHook('onRequest', async (request) => {
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
  interface FastifyRequest {
    locale: Locale
    t: Translate
  }
}
