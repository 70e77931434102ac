// Backups of the live database, restoring one, the lock that tells a restore a server is running, and
// the server's own scheduled backups. `leerplein backup`, `leerplein restore` and the server share
// these functions, so a scheduled copy and a manual one are made and checked the same way.
import { spawn } from 'node:child_process'
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { ConfigError } from '../config.js'
import { projectRoot } from '../paths.js'
import { openDatabase } from './database.js'
import { judgeSchema, knownMigrationNames, migrateToLatest } from './migrate.js'

/** A backup or restore that did not happen; the message is one line for the person running it. */
export class BackupError extends Error {}

/**
 * The database cannot be used because another process needs it to itself (a restore in progress).
 * A ConfigError so that `serve` prints it as one line and exits with 1.
 */
export class DatabaseLockedError extends ConfigError {}

export interface BackupResult {
  file: string
  bytes: number
  ms: number
  /** The newest migration the copy has. */
  schema: string
}

function stem(databasePath: string): string {
  return path.basename(databasePath).replace(/\.(sqlite3?|db)$/i, '')
}

/** `2026-11-24T193012Z`: sorts by time as text and is a valid file name everywhere. */
function timestamp(now: Date): string {
  const iso = now.toISOString()
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
}

export function backupFolder(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'backups')
}

/** `data/backups/leerplein-2026-11-24T193012Z.sqlite` for `data/leerplein.sqlite`. */
export function defaultBackupFile(databasePath: string, now = new Date(), suffix = ''): string {
  return path.join(backupFolder(databasePath), `${stem(databasePath)}-${timestamp(now)}${suffix}.sqlite`)
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}

function removeDatabaseFiles(file: string) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
}

function fsyncPath(file: string, flags: string) {
  const fd = openSync(file, flags)
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The copy must survive a power cut right after we report it made. */
function syncFile(file: string) {
  fsyncPath(file, 'r+')
}

function syncFolder(folder: string) {
  try {
    fsyncPath(folder, 'r')
  } catch {
    // Some platforms and file systems cannot fsync a directory; the file itself is synced already.
  }
}

function appliedMigrationsOf(sqlite: SQLite.Database): string[] | null {
  const table = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get()
  if (!table) return null
  return (sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
    (row) => row.name,
  )
}

interface Checked {
  applied: string[]
  pending: string[]
}

/**
 * What every copy must pass before it is called a backup or put in place: SQLite's own full check of
 * pages, indexes and constraints, and a schema this code knows.
 */
async function checkCopy(sqlite: SQLite.Database, name: string, allowNewer: boolean): Promise<Checked> {
  let problems: string[]
  try {
    problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map(
      (row) => row.integrity_check,
    )
  } catch (error) {
    // Damage bad enough that SQLite stops checking ("file is not a database", "malformed").
    problems = [firstLine(error)]
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new BackupError(`${name} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`)
  }
  const applied = appliedMigrationsOf(sqlite)
  const judgement = judgeSchema(applied, await knownMigrationNames())
  if (judgement.ok) return judgement
  if (judgement.kind === 'newer' && allowNewer && applied) return { applied, pending: [] }
  throw new BackupError(`${name} ${judgement.problem}`)
}

/**
 * Copies the live database to `target` and verifies the copy. Safe while a server serves and writes.
 *
 * VACUUM INTO rather than better-sqlite3's `.backup()`: VACUUM INTO reads the whole database in one
 * read transaction, which in WAL mode is a consistent snapshot that never blocks the server's writers
 * and that their writes cannot disturb. The online backup API copies page by page across event-loop
 * turns and starts over whenever another connection writes, and the server is always another
 * connection (another process) to this command: under a steady stream of writes it may never finish.
 * VACUUM INTO also leaves out free pages and writes one self-contained file, with no -wal beside it.
 * Its costs: it blocks this process until done, which is why the server runs it in a child, and the
 * WAL cannot be checkpointed past its snapshot meanwhile, so it grows for that long.
 */
export async function backupDatabase(databasePath: string, target: string): Promise<BackupResult> {
  const started = performance.now()
  if (databasePath === ':memory:') {
    throw new BackupError('An in-memory database (DATABASE_PATH=:memory:) cannot be backed up.')
  }
  if (!existsSync(databasePath)) throw new BackupError(`No database at ${databasePath}; nothing to back up.`)
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another file with --to.`)
  mkdirSync(path.dirname(target), { recursive: true })
  // Written under another name first: a copy that is cut off or fails its check never looks like a backup.
  const partial = `${target}.partial`
  removeDatabaseFiles(partial)
  let source: SQLite.Database | undefined
  try {
    source = new SQLite(databasePath, { fileMustExist: true })
    source.pragma('busy_timeout = 5000')
    // The file name is a bound parameter, never part of the SQL text.
    source.prepare('VACUUM INTO ?').run(partial)
    source.close()
    source = undefined
    const copy = new SQLite(partial, { fileMustExist: true })
    let checked: Checked
    try {
      // A backup of a database migrated by a newer version is still the best copy there is of it.
      checked = await checkCopy(copy, `The copy of ${databasePath}`, true)
    } finally {
      copy.close()
    }
    syncFile(partial)
    renameSync(partial, target)
    syncFolder(path.dirname(target))
    return {
      file: target,
      bytes: statSync(target).size,
      ms: Math.round(performance.now() - started),
      schema: checked.applied.at(-1) ?? '(none)',
    }
  } catch (error) {
    source?.close()
    removeDatabaseFiles(partial)
    if (error instanceof BackupError) throw error
    throw new BackupError(`Backing up ${databasePath} failed: ${firstLine(error)}`, { cause: error })
  }
}

// --- Who holds the database -------------------------------------------------------------------------

/**
 * Every running server holds a SHARED lock on this small SQLite file (an open read transaction) for
 * as long as it runs; `restore` asks for an EXCLUSIVE lock on it and refuses when it cannot get one.
 * A lock rather than a pid file: the operating system drops it when the server exits in any way,
 * SIGKILL and power cuts included, so there is no stale marker to misjudge, and no pid to confuse with
 * an unrelated process. Not the database file itself: in WAL mode readers and writers do not lock each
 * other out, so an idle server holds nothing there that a restore could test for. Shared, so that a
 * second server on the same database (not advised, but possible) is locked out of restores too.
 */
export function serverLockFile(databasePath: string): string {
  return `${databasePath}.lock`
}

export interface HeldLock {
  release(): void
}

/** Ends the lock's transaction, which is what holds the lock; releasing twice does nothing. */
function held(lock: SQLite.Database): HeldLock {
  return {
    release() {
      if (!lock.open) return
      lock.exec('rollback')
      lock.close()
    },
  }
}

function openLock(databasePath: string, busyMs: number): SQLite.Database {
  mkdirSync(path.dirname(databasePath), { recursive: true })
  const lock = new SQLite(serverLockFile(databasePath))
  // Rollback journal, never WAL: only then does a reader's lock keep a writer out.
  lock.pragma(`busy_timeout = ${Math.trunc(busyMs)}`)
  return lock
}

/** Taken by the server at start and held until it stops. */
export function holdServerLock(databasePath: string, waitMs = 5000): HeldLock {
  const lock = openLock(databasePath, waitMs)
  try {
    lock.exec('begin')
    lock.prepare('select count(*) from sqlite_master').get()
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DatabaseLockedError(
        `Database ${databasePath} is being restored (${serverLockFile(databasePath)} is locked); start the server when "leerplein restore" has finished.`,
      )
    }
    throw error
  }
  return held(lock)
}

/** Locks servers out for the duration of a restore; null when a server is running now. */
export function lockOutServers(databasePath: string): HeldLock | null {
  const lock = openLock(databasePath, 0)
  try {
    lock.exec('begin exclusive')
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null
    throw error
  }
  return held(lock)
}

// --- Restore ----------------------------------------------------------------------------------------

export interface RestoreResult {
  /** Where the database that was replaced now is; null when there was none. */
  asideFile: string | null
  /** Migrations applied to the restored copy to bring it up to this version. */
  applied: string[]
  /** The newest migration the restored database has now. */
  schema: string
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return path.resolve(a) === path.resolve(b)
  }
}

/** Moves the current database (with its WAL, so nothing committed is left behind) to `aside`. */
function moveAside(databasePath: string, aside: string) {
  try {
    // Folds the WAL into the file, so that the copy kept aside is usually one file.
    const current = new SQLite(databasePath, { fileMustExist: true })
    try {
      current.pragma('busy_timeout = 5000')
      current.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      current.close()
    }
  } catch {
    // A database too damaged to open (often the reason for a restore) is moved as it is.
  }
  mkdirSync(path.dirname(aside), { recursive: true })
  renameSync(databasePath, aside)
  // A WAL or hot journal that is left belongs to the file it came with: it moves along.
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(`${databasePath}${suffix}`)) renameSync(`${databasePath}${suffix}`, `${aside}${suffix}`)
  }
  // Shared memory is rebuilt from the WAL by whoever opens the file next.
  rmSync(`${databasePath}-shm`, { force: true })
}

/**
 * Replaces the database with a verified copy of `file`, keeps the database it replaces, and migrates
 * the restored one to this version. Refuses while a server runs.
 */
export async function restoreDatabase(
  databasePath: string,
  file: string,
  now = new Date(),
): Promise<RestoreResult> {
  if (databasePath === ':memory:') {
    throw new BackupError('An in-memory database (DATABASE_PATH=:memory:) cannot be restored into.')
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`No backup file at ${file}.`)
  if (existsSync(databasePath) && samePath(file, databasePath)) {
    throw new BackupError(`${file} is the database itself; restore from a backup copy.`)
  }
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) {
    throw new BackupError(
      `${file} has a write-ahead log beside it (${file}-wal): it is in use or was copied while in use; make a copy with "leerplein backup" instead.`,
    )
  }
  const lock = lockOutServers(databasePath)
  if (!lock) {
    throw new BackupError(
      `A Leerplein server is using ${databasePath} (it holds ${serverLockFile(databasePath)}); stop it before restoring.`,
    )
  }
  const staging = `${databasePath}.restoring`
  try {
    // Checked and moved into place as our own copy: the file we were given stays as it was.
    removeDatabaseFiles(staging)
    copyFileSync(file, staging)
    let checked: Checked
    try {
      const copy = new SQLite(staging, { fileMustExist: true })
      try {
        checked = await checkCopy(copy, file, false)
        // One file to move: whoever opens it next switches it back to WAL.
        copy.pragma('journal_mode = DELETE')
      } finally {
        copy.close()
      }
    } catch (error) {
      if (error instanceof BackupError) throw error
      throw new BackupError(`${file} cannot be restored: ${firstLine(error)}`, { cause: error })
    }
    syncFile(staging)

    let asideFile: string | null = null
    if (existsSync(databasePath)) {
      asideFile = defaultBackupFile(databasePath, now, '-before-restore')
      // Two restores within one second must not overwrite the database the first one kept aside.
      for (let n = 2; existsSync(asideFile); n++) {
        asideFile = defaultBackupFile(databasePath, now, `-before-restore-${n}`)
      }
      moveAside(databasePath, asideFile)
    }
    try {
      renameSync(staging, databasePath)
    } catch (error) {
      // Nothing was replaced after all: the database goes back where it was.
      if (asideFile) {
        for (const suffix of ['', '-wal', '-journal']) {
          if (existsSync(`${asideFile}${suffix}`))
            renameSync(`${asideFile}${suffix}`, `${databasePath}${suffix}`)
        }
      }
      throw new BackupError(`Putting ${file} in place failed: ${firstLine(error)}`, { cause: error })
    }
    syncFolder(path.dirname(databasePath))

    const database = openDatabase(databasePath)
    try {
      const applied = await migrateToLatest(database.db)
      return { asideFile, applied, schema: [...checked.applied, ...applied].sort().at(-1) ?? '(none)' }
    } finally {
      await database.close()
    }
  } finally {
    removeDatabaseFiles(staging)
    lock.release()
  }
}

// --- Scheduled backups ------------------------------------------------------------------------------

const scheduledSuffix = '-scheduled'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function scheduledPattern(databasePath: string): RegExp {
  return new RegExp(
    `^${escapeRegExp(stem(databasePath))}-(\\d{4}-\\d{2}-\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z${scheduledSuffix}\\.sqlite$`,
  )
}

/** The scheduled backups in the folder, oldest first (the names sort by time). */
export function listScheduledBackups(databasePath: string): string[] {
  const folder = backupFolder(databasePath)
  if (!existsSync(folder)) return []
  const pattern = scheduledPattern(databasePath)
  return readdirSync(folder)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => path.join(folder, name))
}

/**
 * Deletes all but the newest `keep` scheduled backups, and what a backup killed midway left behind.
 * Only files this schedule made: a copy made by hand, or kept aside by a restore, is never deleted.
 */
export function pruneScheduledBackups(databasePath: string, keep: number): string[] {
  const folder = backupFolder(databasePath)
  const all = listScheduledBackups(databasePath)
  const removed = all.slice(0, Math.max(0, all.length - keep))
  const pattern = scheduledPattern(databasePath)
  if (existsSync(folder)) {
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.partial') && pattern.test(name.slice(0, -'.partial'.length))) {
        removed.push(path.join(folder, name))
      }
    }
  }
  for (const file of removed) rmSync(file, { force: true })
  return removed
}

function takenAt(file: string, databasePath: string): number | null {
  const match = scheduledPattern(databasePath).exec(path.basename(file))
  if (!match) return null
  return Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`)
}

/**
 * Runs `leerplein backup --to FILE` as a child process. better-sqlite3 is synchronous: VACUUM INTO and
 * the integrity check of the copy, in the server's own process, would hold up every request for as
 * long as they take (seconds for a large community). The child has its own event loop, and the
 * scheduled copy is made by exactly the code a person runs by hand.
 */
export function runBackupCommand(databasePath: string, file: string, signal: AbortSignal): Promise<void> {
  const here = fileURLToPath(import.meta.url)
  // Next to this module: src/cli.ts under tsx and the tests, dist/src/cli.js when built.
  const extension = path.extname(here)
  const cli = path.join(path.dirname(here), '..', `cli${extension}`)
  const loader = extension === '.ts' ? ['--import', 'tsx'] : []
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loader, cli, 'backup', '--to', file], {
      // The loader resolves from the project; the database path is made absolute, so the child's other
      // working folder cannot point it at another file.
      cwd: projectRoot,
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: ['ignore', 'ignore', 'pipe'],
      signal,
    })
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk)
    })
    child.on('error', reject)
    child.on('exit', (code, killedBy) => {
      if (code === 0) return resolve()
      const reason = stderr.trim().split('\n')[0] || `exit code ${code ?? killedBy}`
      reject(new BackupError(reason))
    })
  })
}

export interface BackupLog {
  info(details: object, message: string): void
  error(details: object, message: string): void
}

export interface BackupScheduleOptions {
  databasePath: string
  intervalMs: number
  keep: number
  log: BackupLog
  /** Makes the copy; the tests make it in-process. */
  run?: (file: string, signal: AbortSignal) => Promise<void>
  now?: () => Date
}

export interface BackupSchedule {
  /** Resolves when the backup in progress, if any, has stopped. */
  stop(): Promise<void>
}

/**
 * The server's own backups every `intervalMs`. The first is due one interval after the newest
 * scheduled copy in the folder, not after the start: a server restarted more often than the interval
 * (by deployments, or a crash loop) would otherwise never make one.
 */
export function scheduleBackups(options: BackupScheduleOptions): BackupSchedule {
  const { databasePath, intervalMs, keep, log } = options
  const run =
    options.run ?? ((file: string, signal: AbortSignal) => runBackupCommand(databasePath, file, signal))
  const now = options.now ?? (() => new Date())
  const abort = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  const schedule = (delayMs: number) => {
    if (abort.signal.aborted) return
    timer = setTimeout(() => {
      running = backUp().finally(() => {
        running = undefined
        schedule(intervalMs)
      })
    }, delayMs)
    // Never the reason the process stays alive.
    timer.unref()
  }

  const backUp = async () => {
    const file = defaultBackupFile(databasePath, now(), scheduledSuffix)
    const started = performance.now()
    try {
      await run(file, abort.signal)
      const ms = Math.round(performance.now() - started)
      log.info({ backup: file, bytes: statSync(file).size, ms }, 'scheduled backup made')
    } catch (error) {
      if (abort.signal.aborted) return
      log.error({ backup: file, reason: firstLine(error) }, 'scheduled backup failed')
      return
    }
    try {
      const removed = pruneScheduledBackups(databasePath, keep)
      if (removed.length > 0) log.info({ removed, keep }, 'old scheduled backups removed')
    } catch (error) {
      log.error({ reason: firstLine(error) }, 'removing old scheduled backups failed')
    }
  }

  const newest = listScheduledBackups(databasePath).at(-1)
  const last = newest ? takenAt(newest, databasePath) : null
  const due = last === null ? 0 : last + intervalMs - now().getTime()
  schedule(Math.min(intervalMs, Math.max(0, due)))

  return {
    async stop() {
      abort.abort()
      clearTimeout(timer)
      await running?.catch(() => {})
    },
  }
}
