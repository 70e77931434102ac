import type { Database } from '../db/database.js'
import type { FolderWriter } from './folder-writer.js'
import type { MemberRefWriter } from './member-refs.js'

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
