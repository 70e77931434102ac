// The only place that listens on a port and handles signals; buildApp() stays free of both so tests
// can drive the same app with inject().
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { prepareSetupLink } from './auth/first-run.js'
import { deleteExpiredTokens } from './auth/queries.js'
import { deleteExpiredSessions } from './auth/sessions.js'
import type { Config } from './config.js'
import { type BackupSchedule, type HeldLock, holdServerLock, scheduleBackups } from './db/backup.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { ensureSearchIndex } from './search/index-sync.js'

const cleanupIntervalMs = 60 * 60 * 1000

async function announceSetupLink(app: FastifyInstance, config: Config) {
  const path = await prepareSetupLink(app.db)
  if (!path) return
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  const url = `${config.publicUrl?.origin ?? `http://${host}:${port}`}${path}`
  app.log.info({ setup: true }, 'no administrator yet: a one-time setup link was printed')
  // Plain text on purpose: the person installing reads this line, not a log viewer.
  process.stdout.write(`\nLeerplein has no administrator yet. Create one within 24 hours at:\n\n  ${url}\n\n`)
}

async function removeExpired(app: FastifyInstance) {
  try {
    const sessions = await deleteExpiredSessions(app.db)
    await deleteExpiredTokens(app.db)
    if (sessions > 0) app.log.info({ sessions }, 'expired sessions removed')
  } catch (error) {
    app.log.error({ err: error }, 'removing expired sessions failed')
  }
}

/** In-flight requests get this long to finish after SIGTERM before connections are cut. */
const shutdownGraceMs = 8000

export async function startServer(config: Config): Promise<FastifyInstance> {
  // Tells `leerplein restore` that this database is in use, until the process ends in any way.
  const serverLock: HeldLock | null =
    config.databasePath === ':memory:' ? null : holdServerLock(config.databasePath)
  const database = openDatabase(config.databasePath)
  try {
    await migrateToLatest(database.db)
  } catch (error) {
    await database.close()
    serverLock?.release()
    throw error
  }
  const app = await buildApp({ config, database })
  const indexed = await ensureSearchIndex(app.db)
  if (indexed !== null) app.log.info({ entries: indexed }, 'search index rebuilt')
  await app.listen({ port: config.port, host: config.host })
  await announceSetupLink(app, config)
  const cleanup = setInterval(() => removeExpired(app), cleanupIntervalMs)
  cleanup.unref()
  await removeExpired(app)
  let backups: BackupSchedule | null = null
  if (config.backupIntervalMs !== null) {
    backups = scheduleBackups({
      databasePath: config.databasePath,
      intervalMs: config.backupIntervalMs,
      keep: config.backupKeep,
      log: app.log,
    })
    app.log.info({ intervalMs: config.backupIntervalMs, keep: config.backupKeep }, 'scheduled backups on')
  }

  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    clearInterval(cleanup)
    const force = setTimeout(() => {
      app.log.warn('requests still running after the grace period; closing their connections')
      app.server.closeAllConnections()
    }, shutdownGraceMs)
    force.unref()
    try {
      await backups?.stop()
      await app.close()
      await database.close()
      serverLock?.release()
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
