import { loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { listMigrations, migrateToLatest } from '../db/migrate.js'
import { ensureSearchIndex } from '../search/index-sync.js'
// Registers each feature's search sources.
import '../wiki/queries.js'
import '../forum/queries.js'
import '../sessions/queries.js'
import type { Command } from './command.js'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (the server also does this at start).',
  usage: '  --status  List migrations and whether each is applied, without changing anything',
  options: { status: { type: 'boolean' } },
  async run(values, io) {
    const config = loadConfig()
    const database = openDatabase(config.databasePath)
    try {
      if (values.status) {
        for (const m of await listMigrations(database.db)) {
          io.stdout.write(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}\n`)
        }
        return 0
      }
      const applied = await migrateToLatest(database.db)
      io.stdout.write(
        applied.length === 0
          ? `Database ${config.databasePath} is up to date.\n`
          : `Applied ${applied.length} migration(s) to ${config.databasePath}:\n${applied.map((n) => `  ${n}\n`).join('')}`,
      )
      // A migration may change what the search index holds; rebuilt here, search works before the
      // server's next start instead of finding nothing until then.
      const indexed = await ensureSearchIndex(database.db)
      if (indexed !== null) io.stdout.write(`Rebuilt the search index: ${indexed} item(s).\n`)
      return 0
    } finally {
      await database.close()
    }
  },
}
