// Opens the embedded SQLite database with the settings Leerplein relies on. SQLite-specific pragmas
// live here alone, so that a PostgreSQL deployment changes this module and not the queries.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely'
import type { DB } from './schema.js'

export type Database = Kysely<DB>

export interface OpenedDatabase {
  db: Database
  /** The raw handle, for the few things Kysely does not do (backup, pragmas). */
  sqlite: SQLite.Database
  /**
   * A value that changes whenever the database may have changed since it was last read: a commit by
   * another connection (the CLI, a backup) moves SQLite's data_version, seen within a millisecond; a
   * change through this one moves total_changes() at once. Reads every request repeats (settings,
   * the session, unread counts) are kept in memory against it, so a page view that follows no write
   * costs two tiny statements instead of a query each.
   */
  changeStamp(): string
  close(): Promise<void>
}

export function openDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  // Waits for another writer (the CLI next to the server) instead of failing with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  // 16 MiB of pages in the process instead of 2: pages of posts are read in runs (thread pages are
  // cached above SQLite, so more would mostly cost memory).
  sqlite.pragma('cache_size = -16384')
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, sqlite),
  })
  const dataVersion = sqlite.prepare('pragma data_version').pluck()
  const totalChanges = sqlite.prepare('select total_changes()').pluck()
  // data_version takes a read lock (~2.5 us); under load it is asked at most once a millisecond, so a
  // write by another process shows within a millisecond. This connection's own writes show at once.
  let otherWrites: unknown = 0
  let otherWritesAskedAt = Number.NEGATIVE_INFINITY
  return {
    db,
    sqlite,
    changeStamp() {
      const now = performance.now()
      if (now - otherWritesAskedAt >= 1) {
        otherWrites = dataVersion.get()
        otherWritesAskedAt = now
      }
      return `${otherWrites}:${totalChanges.get()}`
    },
    // Kysely's destroy closes the better-sqlite3 handle too.
    close: () => db.destroy(),
  }
}

/**
 * Kysely begins SQLite transactions deferred. A deferred transaction that reads before it writes never
 * waits for another process's write lock: SQLite answers SQLITE_BUSY (or BUSY_SNAPSHOT) at once, whatever
 * busy_timeout says. Taking the write lock at BEGIN lets busy_timeout do its work when the CLI and the
 * server write at the same time.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config)
  }

  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  override async rollbackTransaction(connection: DatabaseConnection) {
    // SQLITE_FULL and some I/O errors end the transaction themselves; a second rollback would fail
    // and hide the error that says what happened (a full disk) behind "no transaction is active".
    if (!this.sqlite.inTransaction) return
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(settings)
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.settings, this.sqlite)
  }
}

/** Statements kept prepared, most recently used first out of the cache last. */
const statementCacheSize = 1000

/**
 * Kysely prepares every query anew; preparing costs as much as running a small query. Compiled queries
 * give the same SQL text each time, so their statements are kept and reused (an LRU of bounded size).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (statement) {
        statements.delete(sql)
      } else {
        statement = sqlite.prepare(sql)
        if (statements.size >= statementCacheSize) {
          const oldest = statements.keys().next().value
          if (oldest !== undefined) statements.delete(oldest)
        }
      }
      statements.set(sql, statement)
      return statement
    },
  }
}

/**
 * Runs `work` in a transaction, or inside the caller's when `db` already is one: queries modules use
 * this so their multi-step writes stay atomic whether or not the handler wraps them in a larger unit.
 */
export function inTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}
