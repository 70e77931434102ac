import { exportFolder } from '../export/export-folder.js'
import { ExportRefused } from '../export/folder-writer.js'
import { type Command, UsageError, withDatabase } from './command.js'

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write everything (wiki, forum, sessions, members without passwords) as a readable folder.',
  usage: '  (no options; DIR must be new or empty; safe to run while the server is serving)',
  options: {},
  positionals: 'DIR',
  async run(_values, io, positionals) {
    const [dir, ...rest] = positionals
    if (!dir || rest.length > 0) throw new UsageError('leerplein export: name one folder to write to.')
    return withDatabase(async ({ db }, config) => {
      const started = performance.now()
      try {
        const result = await exportFolder(db, dir)
        const c = result.counts
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        const megabytes = (result.bytes / 1_000_000).toFixed(1)
        io.stdout.write(
          `Exported ${config.databasePath} to ${dir}: ${c.members ?? 0} members, ${c.pages ?? 0} pages, ` +
            `${c.threads ?? 0} threads with ${c.posts ?? 0} posts, ${c.sessions ?? 0} sessions ` +
            `(${result.files} files, ${megabytes} MB, ${seconds} s).\n`,
        )
        return 0
      } catch (error) {
        if (error instanceof ExportRefused) throw new UsageError(`leerplein export: ${error.message}`)
        throw error
      }
    })
  },
}
