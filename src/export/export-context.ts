import type { Database } from '../db/database.js'
import type { FolderWriter } from './folder-writer.js'
import { toJsonLines } from './json-lines.js'
import { type HistoryType, revisionFile } from './layout.js'
import type { MemberRefWriter } from './member-refs.js'
import { type RevisionRow, writeRevisionFile } from './revision-file.js'

/** What every part of an export shares: the database snapshot, the folder and the counts for the manifest. */
export interface ExportContext {
  db: Database
  out: FolderWriter
  members: MemberRefWriter
  counts: Record<string, number>
}

export function count(ctx: ExportContext, kind: string, n = 1): void {
  ctx.counts[kind] = (ctx.counts[kind] ?? 0) + n
}

/** Writes rows as a JSON Lines file and counts them under `kind` for the manifest. */
export async function writeJsonLines(ctx: ExportContext, file: string, kind: string, rows: object[]) {
  await ctx.out.write(file, toJsonLines(rows))
  count(ctx, kind, rows.length)
}

/** Writes each revision to history/<type>/<entity id>/ (not counted: callers count them their own way). */
export async function writeRevisions(ctx: ExportContext, type: HistoryType, revisions: RevisionRow[]) {
  for (const revision of revisions) {
    await ctx.out.write(
      revisionFile(type, revision.entity_id, revision.number),
      writeRevisionFile(revision, ctx.members),
    )
  }
}
