// `leerplein export`: the whole community as a folder a person can read and another system can
// import. Everything is read in one transaction, so the folder is one consistent moment even while
// the server keeps writing.
import type { Database } from '../db/database.js'
import { findSiteSettings } from '../settings/queries.js'
import type { ExportContext } from './export-context.js'
import { exportForum } from './export-forum.js'
import { exportReadme } from './export-readme.js'
import { exportSessions } from './export-sessions.js'
import { exportLinksAndLogs, exportMembers, exportSettings } from './export-tables.js'
import { exportWiki } from './export-wiki.js'
import { FolderWriter } from './folder-writer.js'
import { exportFiles } from './layout.js'
import { idCounters, manifestJson, schemaVersion } from './manifest.js'
import { MemberRefWriter } from './member-refs.js'

export interface ExportResult {
  counts: Record<string, number>
  files: number
  bytes: number
}

export async function exportFolder(db: Database, dir: string, now = new Date()): Promise<ExportResult> {
  const out = await FolderWriter.open(dir)
  try {
    const counts = await db.transaction().execute(async (trx) => {
      const ctx: ExportContext = { db: trx, out, members: new MemberRefWriter([]), counts: {} }
      ctx.members = new MemberRefWriter(await exportMembers(ctx))
      await exportSettings(ctx)
      await exportWiki(ctx)
      await exportForum(ctx)
      await exportSessions(ctx)
      await exportLinksAndLogs(ctx)
      await out.write(
        exportFiles.manifest,
        manifestJson({
          schema_version: await schemaVersion(trx),
          site_name: (await findSiteSettings(trx)).siteName,
          exported_at: now.toISOString(),
          counts: ctx.counts,
          id_counters: await idCounters(trx),
        }),
      )
      await out.write(exportFiles.readme, exportReadme)
      return ctx.counts
    })
    await out.finish()
    return { counts, files: out.files, bytes: out.bytes }
  } catch (error) {
    await out.abandon()
    throw error
  }
}
