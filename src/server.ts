// The only place that listens on a port and handles signals; buildApp() stays free of both so tests
// can drive the same app with inject().
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Config } from './config.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'

/** In-flight requests get this long to finish after SIGTERM before connections are cut. */
const shutdownGraceMs = 8000

export async function startServer(config: Config): Promise<FastifyInstance> {
  const database = openDatabase(config.databasePath)
  await migrateToLatest(database.db)
  const app = await buildApp({ config, database })
  await app.listen({ port: config.port, host: config.host })

  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.warn('requests still running after the grace period; closing their connections')
      app.server.closeAllConnections()
    }, shutdownGraceMs)
    force.unref()
    try {
      await app.close()
      await database.close()
      app.log.info('stopped')
      process.exit(0)
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down')
      process.exit(1)
    }
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return app
}
