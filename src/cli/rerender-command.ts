import { rerenderAll } from '../text/sources.js'
// Registers each feature's texts with the renderer registry.
import '../wiki/queries.js'
import '../forum/queries.js'
import '../sessions/queries.js'
import { type Command, withDatabase } from './command.js'

export const rerenderCommand: Command = {
  name: 'rerender',
  summary: 'Render every stored text again from its markdown (after a change to the renderer).',
  usage: '  (no options; safe to run while the server is serving)',
  options: {},
  run: (_values, io) =>
    withDatabase(async ({ db }, config) => {
      const count = await db.transaction().execute((trx) => rerenderAll(trx))
      io.stdout.write(`Rendered ${count} text(s) again in ${config.databasePath}.\n`)
      return 0
    }),
}
