import { loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { rerenderAll } from '../text/sources.js'
// Registers the wiki's texts with the renderer registry.
import '../wiki/queries.js'
import type { Command } from './command.js'

export const rerenderCommand: Command = {
  name: 'rerender',
  summary: 'Render every stored text again from its markdown (after a change to the renderer).',
  usage: '  (no options; safe to run while the server is serving)',
  options: {},
  async run(_values, io) {
    const config = loadConfig()
    const database = openDatabase(config.databasePath)
    try {
      await migrateToLatest(database.db)
      const count = await database.db.transaction().execute((trx) => rerenderAll(trx))
      io.stdout.write(`Rendered ${count} text(s) again in ${config.databasePath}.\n`)
      return 0
    } finally {
      await database.close()
    }
  },
}
