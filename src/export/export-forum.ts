// The forum in an export: categories, a markdown file per thread with all its posts, the edit
// history of posts, and the reports members made.
import { count, type ExportContext, writeJsonLines, writeRevisions } from './export-context.js'
import { groupBy } from './group-by.js'
import { exportFiles, threadFile } from './layout.js'
import type { RevisionRow } from './revision-file.js'
import { type PostRow, type ThreadRow, writeThreadFile } from './thread-file.js'

const threadsPerBatch = 500

/**
 * A post that was never edited has one revision that repeats the post; the export leaves it out and
 * an import makes it again. Posts with another history (or none, as after a removal) are marked.
 */
export function isPlainFirstRevision(revisions: RevisionRow[], post: PostRow, thread: ThreadRow): boolean {
  const [only] = revisions
  return (
    revisions.length === 1 &&
    only !== undefined &&
    only.number === 1 &&
    only.title === thread.title &&
    only.body === post.body &&
    only.author_id === post.author_id &&
    only.created_at === post.created_at &&
    only.fields === '{}' &&
    only.summary === null
  )
}

export async function exportForum(ctx: ExportContext): Promise<void> {
  const { db, out } = ctx
  const categories = await db.selectFrom('category').selectAll().orderBy('id').execute()
  await writeJsonLines(
    ctx,
    exportFiles.categories,
    'categories',
    categories.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      position: c.position,
      created_at: c.created_at,
    })),
  )
  const categorySlug = new Map(categories.map((c) => [c.id, c.slug]))

  for (let after = 0; ; ) {
    const threads = await db
      .selectFrom('thread')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(threadsPerBatch)
      .execute()
    if (threads.length === 0) break
    after = (threads.at(-1) as ThreadRow).id
    const ids = threads.map((t) => t.id)
    const posts = await db
      .selectFrom('post')
      .selectAll()
      .where('thread_id', 'in', ids)
      .orderBy('thread_id')
      .orderBy('number')
      .execute()
    const revisions = await db
      .selectFrom('revision')
      .innerJoin('post', 'post.id', 'revision.entity_id')
      .selectAll('revision')
      .where('revision.entity_type', '=', 'post')
      .where('post.thread_id', 'in', ids)
      .orderBy('revision.entity_id')
      .orderBy('revision.number')
      .execute()
    const postsOf = groupBy(posts, (p) => p.thread_id)
    const revisionsOf = groupBy(revisions, (r) => r.entity_id)
    for (const thread of threads) {
      const threadPosts = postsOf.get(thread.id) ?? []
      const withoutHistory = new Set<number>()
      for (const post of threadPosts) {
        const history = revisionsOf.get(post.id) ?? []
        if (history.length === 0) withoutHistory.add(post.id)
        else if (!isPlainFirstRevision(history, post, thread)) await writeRevisions(ctx, 'post', history)
      }
      const category = categorySlug.get(thread.category_id) ?? String(thread.category_id)
      await out.write(
        threadFile(thread),
        writeThreadFile(thread, threadPosts, category, ctx.members, withoutHistory),
      )
    }
    count(ctx, 'threads', threads.length)
    count(ctx, 'posts', posts.length)
    count(ctx, 'post_revisions', revisions.length)
  }

  // Revisions of posts that no longer exist.
  const orphans = await db
    .selectFrom('revision')
    .selectAll()
    .where('entity_type', '=', 'post')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('post').select('post.id').whereRef('post.id', '=', 'revision.entity_id'))),
    )
    .orderBy('entity_id')
    .orderBy('number')
    .execute()
  await writeRevisions(ctx, 'post', orphans)
  count(ctx, 'post_revisions', orphans.length)

  const flags = await db.selectFrom('flag').selectAll().orderBy('id').execute()
  await writeJsonLines(
    ctx,
    exportFiles.flags,
    'flags',
    flags.map((f) => ({
      id: f.id,
      post_id: f.post_id,
      member: ctx.members.ref(f.member_id),
      reason: f.reason,
      created_at: f.created_at,
      resolved_at: f.resolved_at,
      resolved_by: ctx.members.ref(f.resolved_by),
      resolution: f.resolution,
    })),
  )
}
