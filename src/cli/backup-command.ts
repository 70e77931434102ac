import path from 'node:path'
import { loadConfig } from '../config.js'
import { BackupError, backupDatabase, defaultBackupFile } from '../db/backup.js'
import type { Command } from './command.js'

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Copy the database to a backup file and verify the copy; safe while the server runs.',
  usage: [
    '  --to FILE  Where to write the copy (must not exist yet); default: a timestamped file in',
    '             backups/ next to DATABASE_PATH, e.g. data/backups/leerplein-2026-11-24T193012Z.sqlite',
  ].join('\n'),
  options: { to: { type: 'string' } },
  async run(values, io) {
    const config = loadConfig()
    const target =
      typeof values.to === 'string' ? path.resolve(values.to) : defaultBackupFile(config.databasePath)
    try {
      // No migrations here: a backup copies the database as it is, before anything changes it.
      const result = await backupDatabase(config.databasePath, target)
      io.stdout.write(
        `Backed up ${config.databasePath} to ${result.file} (${formatBytes(result.bytes)}, integrity ok, schema ${result.schema}, ${result.ms} ms).\n`,
      )
      return 0
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      io.stderr.write(`leerplein backup: ${error.message}\n`)
      return 1
    }
  },
}
