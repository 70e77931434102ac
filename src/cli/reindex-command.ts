import { reindexAll } from '../search/index-sync.js'
// Registers each feature's search sources.
import '../wiki/queries.js'
import '../forum/queries.js'
import '../sessions/queries.js'
import { type Command, withDatabase } from './command.js'

export const reindexCommand: Command = {
  name: 'reindex',
  summary: 'Rebuild the search index from every stored text (it is kept in step on every write).',
  usage: '  (no options; safe to run while the server is serving)',
  options: {},
  run: (_values, io) =>
    withDatabase(async ({ db }, config) => {
      const count = await db.transaction().execute((trx) => reindexAll(trx))
      io.stdout.write(`Indexed ${count} item(s) for search in ${config.databasePath}.\n`)
      return 0
    }),
}
