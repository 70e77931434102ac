// Backups of a database that another process keeps writing to, the lock that keeps restores and
// servers apart, restoring, and the server's scheduled backups with their pruning.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../../src/config.js'
import {
  BackupError,
  type BackupLog,
  backupDatabase,
  DatabaseLockedError,
  defaultBackupFile,
  holdServerLock,
  listScheduledBackups,
  lockOutServers,
  pruneScheduledBackups,
  restoreDatabase,
  scheduleBackups,
} from '../../src/db/backup.js'
import { openDatabase } from '../../src/db/database.js'
import { knownMigrationNames, migrateTo, migrateToLatest } from '../../src/db/migrate.js'
import { countWrites, siteDatabase, startWriter, tempFolder } from './site-database.js'

describe('backupDatabase', () => {
  it('makes consistent, verified copies while another process keeps writing, and the app opens them', async () => {
    const file = await siteDatabase()
    const writer = startWriter(file)
    await writer.ready
    const copies: { file: string; writesBefore: number }[] = []
    try {
      for (let i = 0; i < 3; i++) {
        const writesBefore = countWrites(file).threads
        const result = await backupDatabase(file, path.join(path.dirname(file), `copy-${i}.sqlite`))
        expect(result.bytes).toBeGreaterThan(1_000_000)
        expect(result.schema).toBe((await knownMigrationNames()).at(-1))
        copies.push({ file: result.file, writesBefore })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      const outcome = await writer.stop()
      // The writer never had to give up: the copy does not lock it out.
      expect(outcome.error).toBeNull()
      expect(outcome.written).toBeGreaterThan(100)
    }
    const total = countWrites(file).threads
    let previous = 0
    for (const copy of copies) {
      const sqlite = new SQLite(copy.file, { readonly: true })
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('delete')
      sqlite.close()
      // A snapshot: every thread with its post (no half a write), taken while the writes went on.
      const counts = countWrites(copy.file)
      expect(counts.posts).toBe(counts.threads)
      expect(counts.threads).toBeGreaterThanOrEqual(Math.max(copy.writesBefore, previous))
      expect(counts.threads).toBeLessThan(total)
      previous = counts.threads
      expect(existsSync(`${copy.file}-wal`)).toBe(false)
    }

    const last = copies.at(-1)?.file as string
    const database = openDatabase(last)
    await migrateToLatest(database.db)
    const app = await buildApp({ config: testConfig({ databasePath: last }), database })
    try {
      const page = await app.inject({ method: 'GET', url: '/wiki/regio-deal-zeeland' })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('zoutwaterlandbouw')
    } finally {
      await app.close()
      await database.close()
    }
  }, 15_000)

  it('names copies by time next to the database and refuses to overwrite one', async () => {
    const file = await siteDatabase()
    const when = new Date('2026-11-24T19:30:05.123Z')
    expect(defaultBackupFile(file, when)).toBe(
      path.join(path.dirname(file), 'backups', 'leerplein-2026-11-24T193005Z.sqlite'),
    )
    const target = defaultBackupFile(file, when)
    await backupDatabase(file, target)
    await expect(backupDatabase(file, target)).rejects.toThrow(/already exists; choose another file/)
    expect(readdirSync(path.dirname(target))).toEqual([path.basename(target)])
  })

  it('fails with one line, and leaves no half-made copy, for a missing or damaged database', async () => {
    const folder = tempFolder()
    await expect(
      backupDatabase(path.join(folder, 'none.sqlite'), path.join(folder, 'a.sqlite')),
    ).rejects.toThrow(/^No database at .*none\.sqlite; nothing to back up\.$/)
    const junk = path.join(folder, 'junk.sqlite')
    writeFileSync(
      junk,
      'this is not a database, just some text long enough to look like a header.\n'.repeat(100),
    )
    const attempt = backupDatabase(junk, path.join(folder, 'b.sqlite'))
    await expect(attempt).rejects.toThrow(BackupError)
    await expect(backupDatabase(junk, path.join(folder, 'b.sqlite'))).rejects.toThrow(
      /file is not a database/,
    )
    const other = path.join(folder, 'other.sqlite')
    const sqlite = new SQLite(other)
    sqlite.exec('create table notes (text)')
    sqlite.close()
    await expect(backupDatabase(other, path.join(folder, 'c.sqlite'))).rejects.toThrow(
      /is not a Leerplein database/,
    )
    expect(readdirSync(folder).sort()).toEqual(['junk.sqlite', 'other.sqlite'])
  })
})

describe('the server lock', () => {
  it('lets servers share the database and keeps a restore out while any of them runs', () => {
    const file = path.join(tempFolder(), 'leerplein.sqlite')
    const first = holdServerLock(file)
    const second = holdServerLock(file)
    expect(lockOutServers(file)).toBeNull()
    first.release()
    expect(lockOutServers(file)).toBeNull()
    second.release()
    const restore = lockOutServers(file)
    expect(restore).not.toBeNull()
    expect(() => holdServerLock(file, 50)).toThrow(DatabaseLockedError)
    expect(() => holdServerLock(file, 50)).toThrow(/is being restored/)
    restore?.release()
    holdServerLock(file).release()
  })
})

describe('restoreDatabase', () => {
  it('keeps every database it replaces, also two restores within one second', async () => {
    const folder = tempFolder()
    const file = path.join(folder, 'leerplein.sqlite')
    const mark = async (value: string) => {
      const database = openDatabase(file)
      await migrateToLatest(database.db)
      database.sqlite
        .prepare("insert or replace into setting (key, value, updated_at) values ('site_name', ?, '')")
        .run(value)
      await database.close()
    }
    await mark('In de backup')
    const copy = path.join(folder, 'copy.sqlite')
    await backupDatabase(file, copy)
    await mark('Het origineel')
    const now = new Date('2026-11-25T08:00:00Z')
    const first = await restoreDatabase(file, copy, now)
    const second = await restoreDatabase(file, copy, now)
    expect(second.asideFile).not.toBe(first.asideFile)
    const aside = new SQLite(first.asideFile as string, { readonly: true })
    expect(aside.prepare("select value from setting where key = 'site_name'").get()).toEqual({
      value: 'Het origineel',
    })
    aside.close()
  })

  it('puts a verified copy in place, keeps the database it replaces, and migrates an older copy', async () => {
    const folder = tempFolder()
    const file = path.join(folder, 'leerplein.sqlite')
    // A copy from the first release, before search existed.
    const old = openDatabase(path.join(folder, 'old.sqlite'))
    await migrateTo(old.db, '2026-11-23T2200-sessions')
    await old.close()
    const oldCopy = path.join(folder, 'old-copy.sqlite')
    await backupDatabase(path.join(folder, 'old.sqlite'), oldCopy)

    // The database as a server killed mid-run leaves it: the latest write only in the WAL.
    const running = await siteDatabase(path.join(tempFolder(), 'leerplein.sqlite'), 'Huidige pagina')
    const live = openDatabase(running)
    live.sqlite.pragma('wal_autocheckpoint = 0')
    live.sqlite
      .prepare("insert into setting (key, value, updated_at) values ('site_name', 'Nog in de WAL', '')")
      .run()
    copyFileSync(running, file)
    copyFileSync(`${running}-wal`, `${file}-wal`)
    await live.close()

    const result = await restoreDatabase(file, oldCopy, new Date('2026-11-25T08:00:00Z'))
    const known = await knownMigrationNames()
    expect(result.applied).toEqual(known.slice(known.indexOf('2026-11-23T2200-sessions') + 1))
    expect(result.schema).toBe(known.at(-1))
    expect(result.asideFile).toBe(
      path.join(folder, 'backups', 'leerplein-2026-11-25T080000Z-before-restore.sqlite'),
    )

    expect(existsSync(`${file}.restoring`)).toBe(false)
    expect(
      readdirSync(folder)
        .filter((name) => name.startsWith('leerplein.sqlite'))
        .sort(),
    ).toEqual(['leerplein.sqlite', 'leerplein.sqlite.lock'])
    const restored = new SQLite(file, { readonly: true })
    expect(restored.prepare('select count(*) as n from page').get()).toEqual({ n: 0 })
    restored.close()
    const aside = new SQLite(result.asideFile as string, { readonly: true })
    expect(aside.prepare("select value from setting where key = 'site_name'").get()).toEqual({
      value: 'Nog in de WAL',
    })
    expect(aside.prepare('select title from page').all()).toEqual([{ title: 'Huidige pagina' }])
    aside.close()
  })

  it('refuses a damaged file, a newer schema and another application, and changes nothing', async () => {
    const folder = tempFolder()
    const file = await siteDatabase(path.join(folder, 'leerplein.sqlite'))
    const good = path.join(folder, 'good.sqlite')
    await backupDatabase(file, good)

    const truncated = path.join(folder, 'truncated.sqlite')
    const bytes = readFileSync(good)
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await expect(restoreDatabase(file, truncated)).rejects.toThrow(
      /truncated\.sqlite fails SQLite's integrity check: /,
    )

    const newer = path.join(folder, 'newer.sqlite')
    await backupDatabase(file, newer)
    const sqlite = new SQLite(newer)
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('2099-01-01T0000-future', '')
    sqlite.close()
    await expect(restoreDatabase(file, newer)).rejects.toThrow(
      /newer\.sqlite was migrated by a newer version of Leerplein/,
    )

    const foreign = path.join(folder, 'foreign.sqlite')
    const other = new SQLite(foreign)
    other.exec(
      "create table kysely_migration (name text, timestamp text); insert into kysely_migration values ('001_init', '')",
    )
    other.close()
    await expect(restoreDatabase(file, foreign)).rejects.toThrow(/belongs to another application/)

    await expect(restoreDatabase(file, path.join(folder, 'missing.sqlite'))).rejects.toThrow(
      /No backup file at/,
    )
    await expect(restoreDatabase(file, file)).rejects.toThrow(/is the database itself/)

    // Nothing was moved: no copy kept aside, the database still has its page.
    expect(existsSync(path.join(folder, 'backups'))).toBe(false)
    const still = new SQLite(file, { readonly: true })
    expect(still.prepare('select count(*) as n from page').get()).toEqual({ n: 1 })
    still.close()
  })

  it('refuses while a server holds the database', async () => {
    const folder = tempFolder()
    const file = await siteDatabase(path.join(folder, 'leerplein.sqlite'))
    const copy = path.join(folder, 'copy.sqlite')
    await backupDatabase(file, copy)
    const server = holdServerLock(file)
    try {
      await expect(restoreDatabase(file, copy)).rejects.toThrow(
        /^A Leerplein server is using .*; stop it before restoring\.$/,
      )
    } finally {
      server.release()
    }
    await expect(restoreDatabase(file, copy)).resolves.toMatchObject({ applied: [] })
  })
})

describe('scheduled backups', () => {
  function recordingLog() {
    const lines: { level: string; details: Record<string, unknown>; message: string }[] = []
    const log: BackupLog = {
      info: (details, message) =>
        lines.push({ level: 'info', details: details as Record<string, unknown>, message }),
      error: (details, message) =>
        lines.push({ level: 'error', details: details as Record<string, unknown>, message }),
    }
    return { lines, log }
  }

  it('back up at once when none is recent, then every interval, keeping the newest BACKUP_KEEP', async () => {
    const file = await siteDatabase()
    const folder = path.join(path.dirname(file), 'backups')
    // A copy made by hand and one kept by a restore are never pruned.
    await backupDatabase(file, defaultBackupFile(file, new Date('2020-01-01T00:00:00Z')))
    await backupDatabase(file, defaultBackupFile(file, new Date('2020-01-01T00:00:00Z'), '-before-restore'))
    writeFileSync(path.join(folder, 'leerplein-2020-01-01T000000Z-scheduled.sqlite.partial'), 'cut off')

    let clock = Date.parse('2026-11-24T00:00:00Z')
    const { lines, log } = recordingLog()
    const schedule = scheduleBackups({
      databasePath: file,
      intervalMs: 40,
      keep: 2,
      log,
      now: () => {
        clock += 60_000
        return new Date(clock)
      },
      run: async (target) => {
        await backupDatabase(file, target)
      },
    })
    await expect
      .poll(() => lines.filter((l) => l.message === 'scheduled backup made').length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(4)
    await schedule.stop()

    const scheduled = listScheduledBackups(file)
    expect(scheduled).toHaveLength(2)
    expect(scheduled.every((f) => f.endsWith('-scheduled.sqlite'))).toBe(true)
    expect(readdirSync(folder).filter((name) => !name.includes('-scheduled'))).toEqual([
      'leerplein-2020-01-01T000000Z-before-restore.sqlite',
      'leerplein-2020-01-01T000000Z.sqlite',
    ])
    const made = lines.find((l) => l.message === 'scheduled backup made')
    expect(made?.details).toMatchObject({ backup: expect.stringMatching(/-scheduled\.sqlite$/) })
    expect(made?.details.bytes).toBeGreaterThan(0)
    const removed = lines
      .filter((l) => l.message === 'old scheduled backups removed')
      .flatMap((l) => l.details.removed as string[])
    expect(removed.some((f) => f.endsWith('.partial'))).toBe(true)
    expect(lines.filter((l) => l.level === 'error')).toEqual([])
  })

  it('wait for the interval after the newest scheduled copy, so restarts do not postpone backups for ever', async () => {
    const file = await siteDatabase()
    const start = new Date('2026-11-24T12:00:00Z')
    await backupDatabase(file, defaultBackupFile(file, new Date(start.getTime() - 30 * 60_000), '-scheduled'))
    const runs: string[] = []
    const { log } = recordingLog()
    const schedule = scheduleBackups({
      databasePath: file,
      intervalMs: 60 * 60_000,
      keep: 7,
      log,
      now: () => start,
      run: async (target) => {
        runs.push(target)
      },
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await schedule.stop()
    expect(runs).toEqual([])
  })

  it('log a failed backup, and carry on', async () => {
    const file = await siteDatabase()
    const { lines, log } = recordingLog()
    let attempts = 0
    const schedule = scheduleBackups({
      databasePath: file,
      intervalMs: 20,
      keep: 7,
      log,
      run: async () => {
        attempts += 1
        throw new BackupError('disk full')
      },
    })
    await expect.poll(() => attempts, { timeout: 2000 }).toBeGreaterThanOrEqual(2)
    await schedule.stop()
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'scheduled backup failed',
      details: { reason: 'disk full' },
    })
    expect(pruneScheduledBackups(file, 7)).toEqual([])
  })
})
