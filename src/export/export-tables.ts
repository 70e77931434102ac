// The tables without text of their own, as JSON Lines: settings, members (never passwords or login
// sessions), links, notifications and the audit log.

import { memberRecordColumns } from '../account/queries.js'
import { type ExportContext, writeJsonLines } from './export-context.js'
import { exportFiles } from './layout.js'

/** Settings the software derives and keeps itself; an import makes them again. */
export const derivedSettings = new Set(['search_index', 'content_version'])

export async function exportSettings(ctx: ExportContext): Promise<void> {
  const rows = await ctx.db.selectFrom('setting').selectAll().orderBy('key').execute()
  const kept = rows.filter((row) => !derivedSettings.has(row.key))
  await writeJsonLines(
    ctx,
    exportFiles.settings,
    'settings',
    kept.map((r) => ({ key: r.key, value: r.value, updated_at: r.updated_at })),
  )
}

/** Members with what they are and since when; password hashes and login sessions stay behind. */
export async function exportMembers(ctx: ExportContext) {
  const members = await ctx.db.selectFrom('member').select(memberRecordColumns).orderBy('id').execute()
  await writeJsonLines(ctx, exportFiles.members, 'members', members)
  return members
}

export async function exportLinksAndLogs(ctx: ExportContext): Promise<void> {
  const { db, members } = ctx
  const links = await db.selectFrom('link').selectAll().orderBy('id').execute()
  await writeJsonLines(
    ctx,
    exportFiles.links,
    'links',
    links.map((l) => ({
      id: l.id,
      source_type: l.source_type,
      source_id: l.source_id,
      target_slug: l.target_slug,
      target_title: l.target_title,
      relation: l.relation,
      snippet: l.snippet,
    })),
  )

  const notifications = await db.selectFrom('notification').selectAll().orderBy('id').execute()
  await writeJsonLines(
    ctx,
    exportFiles.notifications,
    'notifications',
    notifications.map((n) => ({
      id: n.id,
      member: members.ref(n.member_id),
      kind: n.kind,
      actor: members.ref(n.actor_id),
      thread_id: n.thread_id,
      post_id: n.post_id,
      created_at: n.created_at,
      read_at: n.read_at,
    })),
  )

  const audit = await db.selectFrom('audit_log').selectAll().orderBy('id').execute()
  await writeJsonLines(
    ctx,
    exportFiles.audit,
    'audit_log',
    audit.map((a) => ({
      id: a.id,
      actor: members.ref(a.actor_id),
      action: a.action,
      target_type: a.target_type,
      target_id: a.target_id,
      detail: JSON.parse(a.detail) as unknown,
      created_at: a.created_at,
    })),
  )
}
