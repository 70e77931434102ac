import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely'
import { migrationsDir } from '../paths.js'
import type { Database } from './database.js'

export class MigrationError extends Error {}

/**
 * Reads migrations/ next to the running code: .ts files under tests and tsx, compiled .js under dist/.
 * (Kysely's FileMigrationProvider imports from inside node_modules, where the test runner cannot load .ts.)
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {}
    for (const file of (await readdir(migrationsDir)).sort()) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue
      const module = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration
      migrations[file.replace(/\.(ts|js)$/, '')] = module
    }
    return migrations
  },
}

function migrator(db: Database): Migrator {
  return new Migrator({ db, provider: folderProvider })
}

/** Applies every pending migration; the same function runs at start, in the CLI and in tests. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

export async function listMigrations(db: Database) {
  return migrator(db).getMigrations()
}
