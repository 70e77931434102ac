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
// CHECK constraints do not reach the introspected types; these columns get their allowed values here.
const role = '"member" | "moderator" | "admin"'
const overrides = {
  columns: {
    'member.role': role,
    'member.status': '"pending" | "active" | "disabled" | "deleted"',
    'invitation.role': role,
    'one_time_token.purpose': '"setup" | "password_reset"',
    'page.kind': '"deal" | "person" | "organisation" | "theme" | "page"',
    'page.deal_type': '"city-deal" | "regio-deal" | "woondeal" | "green-deal" | "other" | null',
    'page.deal_status': '"in-preparation" | "running" | "completed" | null',
    'thread.kind': '"question" | "discussion"',
    'flag.resolution': '"hidden" | "dismissed" | null',
    'notification.kind': '"reply" | "mention" | "accepted"',
    'theme_session.format': '"online" | "in-person" | "hybrid"',
    'theme_session.status': '"planned" | "draft" | "published"',
    'session_tag.relation': '"moderator" | "speaker" | "participant" | "theme"',
    'idea.status': '"proposed" | "planned" | "done" | "declined"',
    'search_doc.type': '"page" | "session" | "breakout" | "idea" | "thread" | "post"',
    'search_doc.audience': '"all" | "moderators"',
  },
}
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
      '{kysely_*,search_fts*}',
      '--overrides',
      JSON.stringify(overrides),
      '--log-level',
      'error',
      ...(verify ? ['--verify'] : []),
    ],
    { stdio: 'inherit' },
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
