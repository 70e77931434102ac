import { backupCommand } from './backup-command.js'
import type { Command } from './command.js'
import { createAdminCommand } from './create-admin-command.js'
import { demoCommand } from './demo-command.js'
import { exportCommand } from './export-command.js'
import { importCommand } from './import-command.js'
import { migrateCommand } from './migrate-command.js'
import { reindexCommand } from './reindex-command.js'
import { rerenderCommand } from './rerender-command.js'
import { restoreCommand } from './restore-command.js'
import { serveCommand } from './serve-command.js'
import { exportSessionCommand, importSessionCommand } from './session-commands.js'

/** Every subcommand, in the order `leerplein --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  migrateCommand,
  createAdminCommand,
  demoCommand,
  rerenderCommand,
  reindexCommand,
  importSessionCommand,
  exportSessionCommand,
  exportCommand,
  importCommand,
  backupCommand,
  restoreCommand,
]
