import path from 'node:path'
import { loadConfig } from '../config.js'
import { BackupError, restoreDatabase } from '../db/backup.js'
import { type Command, UsageError } from './command.js'

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Replace the database with a backup copy (stop the server first); the current one is kept aside.',
  usage: [
    '  FILE  A copy made by "leerplein backup". It must pass SQLite\'s integrity check and have a',
    '        schema this version knows; pending migrations are applied after it is put in place.',
  ].join('\n'),
  options: {},
  positionals: 'FILE',
  async run(_values, io, positionals) {
    if (positionals.length !== 1) {
      throw new UsageError('leerplein restore: give one backup file; see "leerplein restore --help".')
    }
    const config = loadConfig()
    const file = path.resolve(positionals[0] as string)
    try {
      const result = await restoreDatabase(config.databasePath, file)
      const migrated =
        result.applied.length === 0 ? '' : `; applied ${result.applied.length} pending migration(s)`
      io.stdout.write(`Restored ${file} to ${config.databasePath} (schema ${result.schema}${migrated}).\n`)
      io.stdout.write(
        result.asideFile
          ? `The database it replaced is kept at ${result.asideFile}.\n`
          : 'There was no database to replace.\n',
      )
      return 0
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      io.stderr.write(`leerplein restore: ${error.message}\n`)
      return 1
    }
  },
}
