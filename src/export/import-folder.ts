// `leerplein import`: an export folder back into a database, in one transaction. Into an empty
// database everything returns with its ids; into one with data only when merging, and then what
// already exists (same slug, email, series and number) stays and is reported, never overwritten.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createOneTimeToken } from '../auth/queries.js'
import type { Database } from '../db/database.js'
import { listMigrations } from '../db/migrate.js'
import { ensureSearchIndex } from '../search/index-sync.js'
import { rerenderAll } from '../text/sources.js'
// The features register their texts with the renderer and their items with the search index.
import '../wiki/queries.js'
import '../forum/queries.js'
import '../sessions/queries.js'
import { recordFromObject } from './field-reader.js'
import { IdMap, type ImportContext } from './import-context.js'
import { importForum } from './import-forum.js'
import { importHistoryFolders } from './import-history.js'
import { importSessions } from './import-sessions.js'
import {
  importAudit,
  importLinks,
  importMembers,
  importNotifications,
  importSettings,
  linkPersonPages,
  restoreIdCounters,
} from './import-tables.js'
import { importWiki } from './import-wiki.js'
import { exportFiles, exportFormat, exportFormatVersion } from './layout.js'
import { MemberRefReader } from './member-refs.js'
import { ImportRejected, Problems } from './problems.js'

/** The database already holds a community and no merge was asked for. */
export class DatabaseNotEmpty extends Error {}

export interface ImportReport {
  counts: Record<string, number>
  conflicts: string[]
  rendered: number
  indexed: number
  /** One-time password links for the administrators of an import into an empty database. */
  resetLinks: { email: string; token: string }[]
}

/** Valid for two days, as the reset links an administrator makes. */
const resetLinkLifetimeMs = 48 * 60 * 60 * 1000

const contentTables = ['member', 'page', 'thread', 'theme_session', 'revision', 'link', 'audit_log'] as const

async function contentCounts(db: Database): Promise<string[]> {
  const held: string[] = []
  for (const table of contentTables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    if (Number(row.n) > 0) held.push(`${row.n} ${table.replace('theme_session', 'session')}(s)`)
  }
  return held
}

async function readManifest(db: Database, dir: string): Promise<Record<string, unknown>> {
  const problems = new Problems()
  const file = exportFiles.manifest
  let manifest: Record<string, unknown> = {}
  try {
    const value: unknown = JSON.parse(await readFile(path.join(dir, file), 'utf8'))
    manifest = (recordFromObject(file, 1, value, problems) ? value : {}) as Record<string, unknown>
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    problems.add(
      file,
      1,
      code === 'ENOENT' ? 'missing: this is not a Leerplein export' : (error as Error).message,
    )
  }
  if (
    problems.count === 0 &&
    (manifest.format !== exportFormat || manifest.format_version !== exportFormatVersion)
  ) {
    problems.add(file, 1, `not a ${exportFormat} of version ${exportFormatVersion}`)
  }
  const known = (await listMigrations(db)).map((m) => m.name)
  if (problems.count === 0 && !known.includes(String(manifest.schema_version))) {
    problems.add(
      file,
      1,
      `written by a newer Leerplein (schema ${String(manifest.schema_version)}); update first`,
    )
  }
  if (problems.count > 0) throw new ImportRejected(problems.list)
  return manifest
}

export async function importFolder(
  db: Database,
  dir: string,
  options: { merge: boolean },
): Promise<ImportReport> {
  const manifest = await readManifest(db, dir)
  return db.transaction().execute(async (trx) => {
    const held = await contentCounts(trx)
    if (held.length > 0 && !options.merge) {
      throw new DatabaseNotEmpty(`the database already holds ${held.join(', ')}`)
    }
    const ctx: ImportContext = {
      db: trx,
      dir,
      keepIds: held.length === 0,
      problems: new Problems(),
      conflicts: [],
      ids: new IdMap(),
      members: new MemberRefReader(),
      counts: {},
    }
    if (ctx.keepIds) {
      // A new database has the default categories and perhaps settings; the export has its own.
      await trx.deleteFrom('category').execute()
      await trx.deleteFrom('setting').execute()
    }
    await importSettings(ctx)
    const personPages = await importMembers(ctx)
    await importWiki(ctx)
    await linkPersonPages(ctx, personPages)
    await importForum(ctx)
    await importSessions(ctx)
    await importHistoryFolders(ctx)
    await importLinks(ctx)
    await importNotifications(ctx)
    await importAudit(ctx)
    await restoreIdCounters(ctx, (manifest.id_counters ?? {}) as Record<string, unknown>)
    if (ctx.problems.count > 0) throw new ImportRejected(ctx.problems.list)

    const rendered = await rerenderAll(trx)
    await trx.deleteFrom('setting').where('key', '=', 'search_index').execute()
    const indexed = (await ensureSearchIndex(trx)) ?? 0
    const resetLinks = ctx.keepIds ? await makeResetLinks(ctx) : []
    return { counts: ctx.counts, conflicts: ctx.conflicts, rendered, indexed, resetLinks }
  })
}

/** Nobody has a password after an import; the administrators get a link to set theirs. */
async function makeResetLinks(ctx: ImportContext) {
  const admins = await ctx.db
    .selectFrom('member')
    .select(['id', 'email'])
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()
  const links = []
  for (const admin of admins) {
    if (!admin.email) continue
    const token = await createOneTimeToken(ctx.db, {
      purpose: 'password_reset',
      memberId: admin.id,
      createdBy: null,
      lifetimeMs: resetLinkLifetimeMs,
    })
    links.push({ email: admin.email, token })
  }
  return links
}
