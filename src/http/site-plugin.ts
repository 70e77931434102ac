// Gives every request (through src/http/reader-plugin.ts) the site settings and content version, read
// again whenever the database changed (its change stamp moved), so that a change an admin makes (or the
// CLI makes next to a running server) shows on the next page without a restart or a cache to clear.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { VersionedCache, whenReady } from '../cache/versioned-cache.js'
import { defaultSiteSettings, findSiteState, type SiteSettings, type SiteState } from '../settings/queries.js'

export default fp(
  async (app) => {
    app.decorateRequest('site', null as unknown as SiteSettings)
    app.decorateRequest('contentVersion', 0)
    app.decorateRequest('changeStamp', '')
    const states = new VersionedCache<SiteState, string>(1)
    const useState = (request: FastifyRequest, state: SiteState) => {
      request.site = state.settings
      request.contentVersion = state.contentVersion
    }
    // A promise only when the settings had to be read again (after a write).
    app.decorate('loadSite', (request: FastifyRequest) => {
      // Bare routes (health check, static files) must answer without touching the settings.
      if (request.routeOptions.config.bare) {
        request.site = defaultSiteSettings
        return
      }
      // Read before any page data, so a write in between can only make a cached view fresher than
      // its version, never older (src/cache/versioned-cache.ts).
      request.changeStamp = app.changeStamp()
      return whenReady(
        states.get('site', request.changeStamp, () => findSiteState(app.db)),
        (state) => useState(request, state),
      )
    })
  },
  { name: 'site', dependencies: ['database'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets request.site, contentVersion and changeStamp (called by the reader plugin). */
    loadSite(request: FastifyRequest): Promise<void> | void
  }
  interface FastifyContextConfig {
    /** Skip loading site settings: for routes that must answer even when the database does not. */
    bare?: boolean
  }
  interface FastifyRequest {
    site: SiteSettings
    /** The content version when the request began (src/cache/content-version.ts). */
    contentVersion: number
    /** The database's change stamp when the request began (OpenedDatabase.changeStamp). */
    changeStamp: string
  }
}
