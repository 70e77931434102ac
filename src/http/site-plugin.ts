// Loads the site settings for every request: one small indexed read, so that a change an admin makes
// (or the CLI makes next to a running server) shows on the next page without a restart or a cache to clear.
import fp from 'fastify-plugin'
import { defaultSiteSettings, findSiteSettings, type SiteSettings } from '../settings/queries.js'

export default fp(
  async (app) => {
    app.decorateRequest('site', null as unknown as SiteSettings)
    app.addHook('onRequest', async (request) => {
      // Bare routes (health check, static files) must answer without touching the settings.
      request.site = request.routeOptions.config.bare ? defaultSiteSettings : await findSiteSettings(app.db)
    })
  },
  { name: 'site', dependencies: ['database'] },
)

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Skip loading site settings: for routes that must answer even when the database does not. */
    bare?: boolean
  }
  interface FastifyRequest {
    site: SiteSettings
  }
}
