// Importing the JSON Lines tables: settings, members (without passwords: they set one through a
// reset link), links, notifications and the audit log.
import { type Insertable, sql } from 'kysely'
import type { Link } from '../db/schema.js'
import { derivedSettings } from './export-tables.js'
import { readFields } from './field-reader.js'
import {
  type EntityKind,
  type ImportContext,
  idColumn,
  memberId,
  pointsTo,
  readJsonLines,
  store,
  tally,
  writing,
} from './import-context.js'
import { exportFiles } from './layout.js'
import { countedTables } from './manifest.js'

export async function importSettings(ctx: ImportContext): Promise<void> {
  const spec = { key: 'text', value: 'text', updated_at: 'time' } as const
  for (const record of await readJsonLines(ctx, exportFiles.settings)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx) || derivedSettings.has(row.values.key)) continue
    const { key, value, updated_at } = row.values
    const existing = await ctx.db
      .selectFrom('setting')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst()
    if (existing && existing.value !== value) {
      ctx.conflicts.push(`setting ${key}: kept "${existing.value}", not "${value}"`)
    } else if (!existing) {
      await store(ctx, row.file, row.line, () =>
        ctx.db.insertInto('setting').values({ key, value, updated_at }).execute(),
      )
      tally(ctx, 'settings')
    }
  }
}

const memberSpec = {
  id: 'int',
  email: 'text?',
  display_name: 'text?',
  role: ['member', 'moderator', 'admin'],
  status: ['pending', 'active', 'disabled', 'deleted'],
  locale: 'text?',
  person_page_id: 'int?',
  created_at: 'time',
  updated_at: 'time',
} as const

/** Returns the members' person pages by exported member id, to point them at once the pages exist. */
export async function importMembers(ctx: ImportContext): Promise<Map<number, number>> {
  const personPages = new Map<number, number>()
  for (const record of await readJsonLines(ctx, exportFiles.members)) {
    const row = readFields(record, memberSpec, ctx.problems)
    if (!row) continue
    const m = row.values
    ctx.members.add(m)
    if (!writing(ctx)) continue
    const same = m.email
      ? await ctx.db.selectFrom('member').select('id').where('email', '=', m.email).executeTakeFirst()
      : undefined
    if (same) {
      ctx.conflicts.push(`member ${m.email}: already a member here; their contributions go to that account`)
      ctx.ids.set('member', m.id, same.id)
      continue
    }
    const inserted = await store(ctx, row.file, row.line, () =>
      ctx.db
        .insertInto('member')
        .values({
          ...idColumn(ctx, m.id),
          email: m.email,
          display_name: m.display_name,
          password_hash: null,
          role: m.role,
          status: m.status,
          locale: m.locale,
          // Merged members get theirs once the pages have their new ids.
          person_page_id: ctx.keepIds ? m.person_page_id : null,
          created_at: m.created_at,
          updated_at: m.updated_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (inserted) ctx.ids.set('member', m.id, inserted.id)
    if (m.person_page_id !== null) personPages.set(m.id, m.person_page_id)
    tally(ctx, 'members')
  }
  return personPages
}

/** After a merge, points imported members at their imported person pages. */
export async function linkPersonPages(ctx: ImportContext, personPages: Map<number, number>): Promise<void> {
  if (ctx.keepIds || !writing(ctx)) return
  for (const [member, page] of personPages) {
    const memberNow = ctx.ids.get('member', member)
    const pageNow = ctx.ids.get('page', page)
    if (memberNow && pageNow) {
      await ctx.db
        .updateTable('member')
        .set({ person_page_id: pageNow })
        .where('id', '=', memberNow)
        .execute()
    }
  }
}

const sourceKinds: Record<string, EntityKind> = {
  page: 'page',
  post: 'post',
  session: 'session',
  breakout: 'breakout',
  idea: 'idea',
}

export async function importLinks(ctx: ImportContext): Promise<void> {
  const spec = {
    id: 'int',
    source_type: 'text',
    source_id: 'int',
    target_slug: 'text',
    target_title: 'text',
    relation: 'text',
    snippet: 'text',
  } as const
  const rows: Insertable<Link>[] = []
  for (const record of await readJsonLines(ctx, exportFiles.links)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const { id, source_type, source_id, ...rest } = row.values
    const source = pointsTo(ctx, sourceKinds[source_type], source_id)
    if (source !== null) rows.push({ ...idColumn(ctx, id), source_type, source_id: source, ...rest })
  }
  for (let i = 0; i < rows.length && writing(ctx); i += 200) {
    await store(ctx, exportFiles.links, 1, () =>
      ctx.db
        .insertInto('link')
        .values(rows.slice(i, i + 200))
        .execute(),
    )
  }
  tally(ctx, 'links', rows.length)
}

export async function importNotifications(ctx: ImportContext): Promise<void> {
  const spec = {
    id: 'int',
    member: 'text',
    kind: ['reply', 'mention', 'accepted'],
    actor: 'text?',
    thread_id: 'int?',
    post_id: 'int?',
    created_at: 'time',
    read_at: 'time?',
  } as const
  for (const record of await readJsonLines(ctx, exportFiles.notifications)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const n = row.values
    const thread = n.thread_id === null ? null : ctx.ids.get('thread', n.thread_id)
    const post = n.post_id === null ? null : ctx.ids.get('post', n.post_id)
    if (thread === undefined || post === undefined) {
      ctx.problems.add(row.file, row.line, 'the thread or post is not in this export')
      continue
    }
    // A notification about a thread or post that a merge left out goes with it.
    if ((n.thread_id !== null && thread === null) || (n.post_id !== null && post === null)) continue
    const member = memberId(ctx, n.member, row.file, row.line)
    if (member === null) continue
    await store(ctx, row.file, row.line, () =>
      ctx.db
        .insertInto('notification')
        .values({
          ...idColumn(ctx, n.id),
          member_id: member,
          kind: n.kind,
          actor_id: memberId(ctx, n.actor, row.file, row.line),
          thread_id: thread,
          post_id: post,
          created_at: n.created_at,
          read_at: n.read_at,
        })
        .execute(),
    )
    tally(ctx, 'notifications')
  }
}

const auditTargets: Record<string, EntityKind> = {
  member: 'member',
  page: 'page',
  post: 'post',
  thread: 'thread',
  category: 'category',
  session: 'session',
}

export async function importAudit(ctx: ImportContext): Promise<void> {
  const spec = {
    id: 'int',
    actor: 'text?',
    action: 'text',
    target_type: 'text',
    target_id: 'text?',
    detail: 'object',
    created_at: 'time',
  } as const
  for (const record of await readJsonLines(ctx, exportFiles.audit)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const a = row.values
    let target = a.target_id
    const kind = auditTargets[a.target_type]
    // Into a community with its own ids, an entry follows its target to the target's new id.
    if (!ctx.keepIds && kind && target !== null && /^\d+$/.test(target)) {
      const now = ctx.ids.get(kind, Number(target))
      target = now === null || now === undefined ? null : String(now)
    }
    await store(ctx, row.file, row.line, () =>
      ctx.db
        .insertInto('audit_log')
        .values({
          ...idColumn(ctx, a.id),
          actor_id: memberId(ctx, a.actor, row.file, row.line),
          action: a.action,
          target_type: a.target_type,
          target_id: target,
          detail: JSON.stringify(a.detail),
          created_at: a.created_at,
        })
        .execute(),
    )
    tally(ctx, 'audit_log')
  }
}

/** Into an empty database: SQLite's id counters as they were, so no removed item's id comes back. */
export async function restoreIdCounters(ctx: ImportContext, counters: Record<string, unknown>) {
  if (!ctx.keepIds || !writing(ctx)) return
  for (const table of countedTables) {
    const seq = counters[table]
    if (typeof seq !== 'number') continue
    const updated =
      await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = ${table}`.execute(ctx.db)
    if (Number(updated.numAffectedRows ?? 0) === 0) {
      await sql`insert into sqlite_sequence (name, seq) values (${table}, ${seq})`.execute(ctx.db)
    }
  }
}
