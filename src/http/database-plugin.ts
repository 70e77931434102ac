import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import type { Database, OpenedDatabase } from '../db/database.js'

export default fp<{ config: Config; database: OpenedDatabase }>(
  async (app, options) => {
    app.decorate('config', options.config)
    app.decorate('db', options.database.db)
    app.decorate('changeStamp', options.database.changeStamp)
  },
  { name: 'database' },
)

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Database
    /** See OpenedDatabase.changeStamp. */
    changeStamp: () => string
  }
}
