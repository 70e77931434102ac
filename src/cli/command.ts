import type { ParseArgsConfig } from 'node:util'
import { type Config, loadConfig } from '../config.js'
import { type OpenedDatabase, openDatabase } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

export type CliOptions = NonNullable<ParseArgsConfig['options']>

export interface Command<O extends CliOptions = CliOptions> {
  name: string
  summary: string
  /** Lines after the usage line in `--help`, one per option. */
  usage: string
  options: O
  /** Name of the arguments after the options (e.g. "FILE…"), when the command takes any. */
  positionals?: string
  /** Resolves to the process exit code. */
  run(values: Record<string, string | boolean | undefined>, io: CliIo, positionals: string[]): Promise<number>
}

/** A failure the person can fix; printed as one line without a stack trace. */
export class UsageError extends Error {}

/** Opens the configured database, migrated, for one command, and always closes it again. */
export async function withDatabase<T>(
  work: (database: OpenedDatabase, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig()
  const database = openDatabase(config.databasePath)
  try {
    await migrateToLatest(database.db)
    return await work(database, config)
  } finally {
    await database.close()
  }
}
