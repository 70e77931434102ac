// Builds the Leerplein app without listening: the registration list below is the map of the app.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { accountRoutes } from './account/routes.js'
import { adminRoutes } from './admin/routes.js'
import authPlugin from './auth/auth-plugin.js'
import { authRoutes } from './auth/routes.js'
import { changesRoutes } from './changes/routes.js'
import type { Config } from './config.js'
import { coreRoutes } from './core/routes.js'
import type { OpenedDatabase } from './db/database.js'
import { forumAdminRoutes } from './forum/admin-routes.js'
import { forumRoutes } from './forum/routes.js'
import accessPlugin from './http/access-plugin.js'
import assetsPlugin from './http/assets-plugin.js'
import databasePlugin from './http/database-plugin.js'
import errorsPlugin from './http/errors-plugin.js'
import i18nPlugin from './http/i18n-plugin.js'
import readerPlugin from './http/reader-plugin.js'
import securityPlugin from './http/security-plugin.js'
import sitePlugin from './http/site-plugin.js'
import viewsPlugin from './http/views-plugin.js'
import { notificationRoutes, unreadCountPlugin } from './notifications/routes.js'
import { searchRoutes } from './search/routes.js'
import { sessionRoutes } from './sessions/routes.js'
import { wikiRoutes } from './wiki/routes.js'

export interface AppOptions {
  config: Config
  database: OpenedDatabase
  /** Where log lines go; tests pass a stream to read them. Defaults to stdout. */
  logStream?: NodeJS.WritableStream
}

/** One-time links are secrets: their tokens never reach the log. */
export function redactUrl(url: string): string {
  return url.replace(/^\/(setup|invite|reset)\/[^/?#]+/, '/$1/[redacted]')
}

function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
  }
}

/** Requests larger than this are refused with a 413 page before anything is parsed. */
export const bodyLimitBytes = 1024 * 1024

export async function buildApp({ config, database, logStream }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      serializers: { req: serializeRequest },
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: bodyLimitBytes,
    // A hop count as a function: Fastify accepts a number at run time but not in its types.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    // Thread addresses carry the title as a slug (titles up to 150 characters); the default limit is 100.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  })

  // Infrastructure, in the order their request hooks must run.
  await app.register(databasePlugin, { config, database })
  await app.register(securityPlugin)
  await app.register(sitePlugin)
  await app.register(authPlugin)
  await app.register(i18nPlugin)
  await app.register(unreadCountPlugin)
  await app.register(readerPlugin)
  await app.register(accessPlugin)
  await app.register(assetsPlugin)
  await app.register(viewsPlugin)
  await app.register(errorsPlugin)

  // Features.
  await app.register(coreRoutes)
  await app.register(authRoutes)
  await app.register(accountRoutes)
  await app.register(adminRoutes)
  await app.register(wikiRoutes)
  await app.register(changesRoutes)
  await app.register(sessionRoutes)
  await app.register(forumRoutes)
  await app.register(forumAdminRoutes)
  await app.register(notificationRoutes)
  await app.register(searchRoutes)

  return app
}
