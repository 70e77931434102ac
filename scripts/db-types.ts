// Regenerates src/db/schema.ts from the migrations, so the database types are derived from the tables
// rather than written by hand. `--verify` only checks that the committed file is current (a test runs it).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { projectRoot } from '../src/paths.js'

const verify = process.argv.includes('--verify')
const dir = mkdtempSync(path.join(tmpdir(), 'leerplein-types-'))
const file = path.join(dir, 'schema.sqlite')
try {
  const database = openDatabase(file)
  await migrateToLatest(database.db)
  await database.close()
  execFileSync(
    path.join(projectRoot, 'node_modules', '.bin', 'kysely-codegen'),
    [
      '--dialect',
      'sqlite',
      '--url',
      file,
      '--out-file',
      path.join(projectRoot, 'src', 'db', 'schema.ts'),
      '--exclude-pattern',
      'kysely_*',
      '--log-level',
      'error',
      ...(verify ? ['--verify'] : []),
    ],
    { stdio: 'inherit' },
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
