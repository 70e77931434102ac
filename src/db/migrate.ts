import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely'
import { ConfigError } from '../config.js'
import { migrationsDir } from '../paths.js'
import type { Database } from './database.js'

export class MigrationError extends Error {}

/**
 * A database this code must not touch: made by a newer Leerplein, by another application, or not a
 * Leerplein database at all. It extends ConfigError because, like a bad variable, it is the deployment
 * that must change, not the code: the command line prints it as one line and exits with 1.
 */
export class SchemaVersionError extends ConfigError {}

/** The migration files in migrations/, oldest first. */
async function migrationFiles(): Promise<string[]> {
  return (await readdir(migrationsDir))
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort()
}

const migrationName = (file: string) => file.replace(/\.(ts|js)$/, '')

/** The migrations this code carries, oldest first, by name only (without loading them). */
export async function knownMigrationNames(): Promise<string[]> {
  return (await migrationFiles()).map(migrationName)
}

/**
 * Reads migrations/ next to the running code: .ts files under tests and tsx, compiled .js under dist/.
 * (Kysely's FileMigrationProvider imports from inside node_modules, where the test runner cannot load .ts.)
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {}
    for (const file of await migrationFiles()) {
      const module = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration
      migrations[migrationName(file)] = module
    }
    return migrations
  },
}

function migrator(db: Database): Migrator {
  return new Migrator({ db, provider: folderProvider })
}

export type SchemaJudgement =
  | { ok: true; applied: string[]; pending: string[] }
  /** `problem` completes a sentence that starts with the database's name. */
  | { ok: false; kind: 'not-leerplein' | 'other-app' | 'newer'; problem: string }

/**
 * Decides whether this code may open a database whose kysely_migration table lists `applied` (null:
 * the table does not exist). One rule for the server, `migrate`, `backup` and `restore`, so none of
 * them can disagree about which databases are safe to use.
 */
export function judgeSchema(applied: string[] | null, known: string[]): SchemaJudgement {
  if (applied === null) {
    return {
      ok: false,
      kind: 'not-leerplein',
      problem: 'is not a Leerplein database (it has no kysely_migration table)',
    }
  }
  const unknown = applied.filter((name) => !known.includes(name))
  if (applied.length > 0 && unknown.length === applied.length) {
    return {
      ok: false,
      kind: 'other-app',
      problem: `belongs to another application (none of its migrations, such as "${unknown[0]}", are Leerplein's)`,
    }
  }
  if (unknown.length > 0) {
    return {
      ok: false,
      kind: 'newer',
      problem: `was migrated by a newer version of Leerplein (migration "${unknown.sort().at(-1)}" is unknown to this version); run that version or a newer one, or restore a backup made by this version`,
    }
  }
  return { ok: true, applied, pending: known.filter((name) => !applied.includes(name)) }
}

async function appliedMigrations(db: Database): Promise<string[] | null> {
  const table = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db)
  if (table.rows.length === 0) return null
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
  return rows.rows.map((row) => row.name)
}

/**
 * Refuses a database that a newer Leerplein migrated. Kysely would refuse too, but with "corrupted
 * migrations" and a stack trace; whoever rolled back the code needs to read what happened instead.
 */
async function ensureKnownSchema(db: Database): Promise<void> {
  const applied = await appliedMigrations(db)
  // No table yet: a new, empty database that the first migration sets up.
  if (applied === null) return
  const judgement = judgeSchema(applied, await knownMigrationNames())
  if (judgement.ok) return
  const main = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(
    db,
  )
  const file = main.rows[0]?.file
  throw new SchemaVersionError(`Database ${file ? file : '(in memory)'} ${judgement.problem}.`)
}

/** Applies every pending migration; the same function runs at start, in the CLI and in tests. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  await ensureKnownSchema(db)
  return applied(await migrator(db).migrateToLatest())
}

/** Applies the migrations up to and including `name`: for tests that start from an older schema. */
export async function migrateTo(db: Database, name: string): Promise<string[]> {
  await ensureKnownSchema(db)
  return applied(await migrator(db).migrateTo(name))
}

function applied(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

export async function listMigrations(db: Database) {
  return migrator(db).getMigrations()
}
