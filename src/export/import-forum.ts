// Importing the forum: categories, threads with their posts, and reports on posts.
import { readFields } from './field-reader.js'
import {
  type ImportContext,
  idColumn,
  listNames,
  memberId,
  readJsonLines,
  readText,
  store,
  tally,
  writing,
} from './import-context.js'
import { exportFiles, exportFolders } from './layout.js'
import { parseMarkdownFile } from './markdown-file.js'
import { type ParsedThread, readThreadFile } from './thread-file.js'

/** Category ids in this database by slug. */
async function importCategories(ctx: ImportContext): Promise<Map<string, number>> {
  const spec = {
    id: 'int',
    slug: 'text',
    name: 'text',
    description: 'text',
    position: 'int',
    created_at: 'time',
  } as const
  const bySlug = new Map<string, number>()
  for (const record of await readJsonLines(ctx, exportFiles.categories)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const c = row.values
    const same = await ctx.db
      .selectFrom('category')
      .select(['id', 'name'])
      .where('slug', '=', c.slug)
      .executeTakeFirst()
    if (same) {
      // Every community starts with the same default categories; only a real difference is news.
      if (same.name !== c.name) {
        ctx.conflicts.push(`category ${c.slug}: already exists as "${same.name}"; its threads go there`)
      }
      bySlug.set(c.slug, same.id)
      ctx.ids.set('category', c.id, same.id)
      continue
    }
    const inserted = await store(ctx, row.file, row.line, () =>
      ctx.db
        .insertInto('category')
        .values({
          ...idColumn(ctx, c.id),
          slug: c.slug,
          name: c.name,
          description: c.description,
          position: c.position,
          created_at: c.created_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (inserted) {
      bySlug.set(c.slug, inserted.id)
      ctx.ids.set('category', c.id, inserted.id)
    }
    tally(ctx, 'categories')
  }
  return bySlug
}

/** Thread files in id order (their names start with the id), so a merge keeps the order. */
async function threadFiles(ctx: ImportContext): Promise<string[]> {
  const names = (await listNames(ctx, exportFolders.threads)).filter((n) => n.endsWith('.md'))
  return names.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1))
}

export async function importForum(ctx: ImportContext): Promise<void> {
  const categories = await importCategories(ctx)
  const postsWithHistory = new Set(
    (await listNames(ctx, `${exportFolders.history}/post`)).filter((n) => /^\d+$/.test(n)).map(Number),
  )
  for (const name of await threadFiles(ctx)) {
    const file = `${exportFolders.threads}/${name}`
    const parsed = parseMarkdownFile(file, (await readText(ctx, file)) ?? '', ctx.problems)
    const thread = parsed ? readThreadFile(parsed, ctx.problems) : null
    if (thread && writing(ctx)) await storeThread(ctx, thread, categories, postsWithHistory)
  }
  await importFlags(ctx)
}

async function storeThread(
  ctx: ImportContext,
  thread: ParsedThread,
  categories: Map<string, number>,
  postsWithHistory: Set<number>,
) {
  const t = thread.facts.values
  const file = thread.facts.file
  const categoryId = categories.get(t.category)
  if (categoryId === undefined) {
    ctx.problems.add(file, thread.facts.lineOf('category'), `no category ${t.category} in categories.jsonl`)
    return
  }
  const inserted = await store(ctx, file, 1, () =>
    ctx.db
      .insertInto('thread')
      .values({
        ...idColumn(ctx, t.id),
        category_id: categoryId,
        kind: t.kind,
        title: t.title,
        author_id: memberId(ctx, t.author, file, thread.facts.lineOf('author')),
        pinned: t.pinned ? 1 : 0,
        locked: t.locked ? 1 : 0,
        hidden: t.hidden ? 1 : 0,
        reply_count: t.reply_count,
        last_activity_at: t.last_activity_at,
        created_at: t.created_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  )
  if (!inserted) return
  ctx.ids.set('thread', t.id, inserted.id)
  tally(ctx, 'threads')
  let accepted: number | null = null
  for (const post of thread.posts) {
    const p = post.facts.values
    const author = memberId(ctx, p.author, file, post.facts.line)
    const stored = await store(ctx, file, post.facts.line, () =>
      ctx.db
        .insertInto('post')
        .values({
          ...idColumn(ctx, p.id),
          thread_id: inserted.id,
          number: p.number,
          author_id: author,
          body: post.body,
          body_html: '',
          revision: p.revision ?? 1,
          hidden: p.hidden ? 1 : 0,
          deleted_at: p.deleted_at,
          edited_at: p.edited_at,
          created_at: p.created_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (!stored) continue
    ctx.ids.set('post', p.id, stored.id)
    tally(ctx, 'posts')
    if (p.number === t.accepted_answer) accepted = stored.id
    // The first revision the export left out because it repeats the post (see export-forum.ts).
    if (!p.no_history && !postsWithHistory.has(p.id)) {
      await ctx.db
        .insertInto('revision')
        .values({
          entity_type: 'post',
          entity_id: stored.id,
          number: 1,
          title: t.title,
          body: post.body,
          fields: '{}',
          summary: null,
          author_id: author,
          created_at: p.created_at,
        })
        .execute()
      tally(ctx, 'post_revisions')
    }
  }
  if (t.accepted_answer !== null && accepted === null) {
    ctx.problems.add(
      file,
      thread.facts.lineOf('accepted_answer'),
      `no post ${t.accepted_answer} in this thread`,
    )
  }
  if (accepted !== null) {
    await ctx.db
      .updateTable('thread')
      .set({ accepted_post_id: accepted })
      .where('id', '=', inserted.id)
      .execute()
  }
}

async function importFlags(ctx: ImportContext) {
  const spec = {
    id: 'int',
    post_id: 'int',
    member: 'text?',
    reason: 'text',
    created_at: 'time',
    resolved_at: 'time?',
    resolved_by: 'text?',
    resolution: ['hidden', 'dismissed', null],
  } as const
  for (const record of await readJsonLines(ctx, exportFiles.flags)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const f = row.values
    const post = ctx.ids.get('post', f.post_id)
    if (post === undefined) ctx.problems.add(row.file, row.line, `no post ${f.post_id} in this export`)
    if (post === undefined || post === null) continue
    await store(ctx, row.file, row.line, () =>
      ctx.db
        .insertInto('flag')
        .values({
          ...idColumn(ctx, f.id),
          post_id: post,
          member_id: memberId(ctx, f.member, row.file, row.line),
          reason: f.reason,
          created_at: f.created_at,
          resolved_at: f.resolved_at,
          resolved_by: memberId(ctx, f.resolved_by, row.file, row.line),
          resolution: f.resolution,
        })
        .execute(),
    )
    tally(ctx, 'flags')
  }
}
