// Shared by the backup tests in test/db and test/cli: a site database with some bulk, and another
// process that writes to it as fast as it can.
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { projectRoot } from '../../src/paths.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { tempFolder as makeTempFolder } from '../helpers/temp.js'

export const tempFolder = () => makeTempFolder('leerplein-backup-')

/** A migrated database file with a public wiki page, and some bulk so that a copy takes a while. */
export async function siteDatabase(
  file = path.join(tempFolder(), 'leerplein.sqlite'),
  title = 'Regio Deal Zeeland',
) {
  const database = openDatabase(file)
  await migrateToLatest(database.db)
  await updateSiteSettings(database.db, { visibility: 'public' })
  const page = await createPage(database.db, {
    title,
    kind: 'deal',
    body: 'Kwelders en zoutwaterlandbouw.',
    fields: emptyFields,
    summary: null,
    authorId: null,
  })
  if (!page.ok) throw new Error('page not created')
  const filler = database.sqlite.prepare(
    "insert into audit_log (action, target_type, detail, created_at) values ('test.filler', 'test', ?, ?)",
  )
  database.sqlite.transaction(() => {
    for (let i = 0; i < 20_000; i++)
      filler.run(JSON.stringify({ i, text: 'x'.repeat(200) }), new Date().toISOString())
  })()
  await database.close()
  return file
}

/**
 * Another process writing as fast as it can: each write is a thread with its opening post, in one
 * transaction, as the forum makes them. It reports how many it wrote, and any error, when stopped.
 */
const writerScript = `
const Database = require('better-sqlite3')
const db = new Database(process.env.WRITER_DB)
db.pragma('journal_mode = WAL')
db.pragma('busy_timeout = 5000')
db.pragma('foreign_keys = ON')
const thread = db.prepare("insert into thread (category_id, kind, title, last_activity_at, created_at) values (1, 'discussion', ?, ?, ?)")
const post = db.prepare("insert into post (thread_id, number, body, body_html, created_at) values (?, 1, ?, ?, ?)")
const write = db.transaction((i) => {
  const now = new Date().toISOString()
  const id = thread.run('Schrijver ' + i, now, now).lastInsertRowid
  post.run(id, 'tekst ' + i, '<p>tekst ' + i + '</p>', now)
})
let written = 0
let error = null
let stopping = false
process.on('SIGTERM', () => { stopping = true })
function batch() {
  try {
    for (let i = 0; i < 20; i++) write(++written)
  } catch (e) {
    error = e.code + ': ' + e.message
    stopping = true
  }
  if (written === 20) process.stdout.write('ready\\n')
  if (stopping) {
    db.close()
    process.stdout.write(JSON.stringify({ written, error }) + '\\n')
    process.exit(0)
  }
  setImmediate(batch)
}
batch()
`

export function startWriter(file: string): {
  child: ChildProcess
  ready: Promise<void>
  stop(): Promise<{ written: number; error: string | null }>
} {
  const child = spawn(process.execPath, ['-e', writerScript], {
    cwd: projectRoot,
    env: { ...process.env, WRITER_DB: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk)
      if (output.includes('ready')) resolve()
    })
    child.on('exit', () => reject(new Error(`writer exited early: ${output}`)))
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    child,
    ready,
    async stop() {
      child.kill('SIGTERM')
      await exited
      const last = output.trim().split('\n').at(-1) ?? '{}'
      return JSON.parse(last) as { written: number; error: string | null }
    },
  }
}

export function countWrites(file: string): { threads: number; posts: number } {
  const sqlite = new SQLite(file, { readonly: true })
  try {
    return sqlite
      .prepare(
        "select (select count(*) from thread where title like 'Schrijver %') as threads, (select count(*) from post where body like 'tekst %') as posts",
      )
      .get() as { threads: number; posts: number }
  } finally {
    sqlite.close()
  }
}
