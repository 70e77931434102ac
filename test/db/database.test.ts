import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { listMigrations, migrateToLatest } from '../../src/db/migrate.js'
import { projectRoot } from '../../src/paths.js'
import { tempFolder } from '../helpers/temp.js'

describe('openDatabase', () => {
  it('creates the folder and opens the file in WAL mode with foreign keys and a busy timeout', async () => {
    const file = path.join(tempFolder('leerplein-db-'), 'nested', 'site.sqlite')
    const database = openDatabase(file)
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    await database.close()
  })
})

describe('migrations', () => {
  it('have dated names and apply once, in order', async () => {
    const database = openDatabase(':memory:')
    const applied = await migrateToLatest(database.db)
    expect(applied.length).toBeGreaterThan(0)
    for (const name of applied) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+$/)
    expect([...applied].sort()).toEqual(applied)
    expect(await migrateToLatest(database.db)).toEqual([])
    expect((await listMigrations(database.db)).every((m) => m.executedAt)).toBe(true)
    await database.close()
  })

  it('match the committed database types in src/db/schema.ts (npm run db:types regenerates them)', () => {
    // Throws (and prints the difference) when a migration changed the tables but the types were not regenerated.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/db-types.ts', '--verify'], {
      cwd: projectRoot,
      stdio: 'pipe',
    })
  }, 30_000)
})
