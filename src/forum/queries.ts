// All SQL of the forum: threads and their posts (saved through the one text engine), moderation,
// flags, and the lists with keyset pagination.
import type { Selectable } from 'kysely'
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import type { Post, Thread } from '../db/schema.js'
import type { Cursor } from '../http/cursor.js'
import { notifyAccepted, notifyMentions, notifyReply } from '../notifications/notify.js'
import { refreshSearch } from '../search/index-sync.js'
import { registerBacklinkSource } from '../text/backlinks.js'
import { deleteLinks, resolveSlugs } from '../text/links.js'
import { createRevision, deleteRevisions } from '../text/revisions.js'
import { registerTextSource, renderAndLink } from '../text/sources.js'
import { extractLinks } from '../text/wikilinks.js'
import { refreshThreadSearch } from './search-source.js'

export type ThreadRow = Selectable<Thread>
export type PostRow = Selectable<Post>
export type ThreadKind = ThreadRow['kind']

export const threadPageSize = 30
export const postPageSize = 20

registerTextSource('post', {
  load: async (db, id) =>
    (await db.selectFrom('post').select('body').where('id', '=', id).executeTakeFirst())?.body,
  storeHtml: async (db, id, html) => {
    await db.updateTable('post').set({ body_html: html }).where('id', '=', id).execute()
  },
  listIds: async (db) => (await db.selectFrom('post').select('id').execute()).map((r) => r.id),
})

registerBacklinkSource({
  heading: 'wiki.backlinks.threads',
  position: 20,
  async find(db, slugs, viewer) {
    let query = db
      .selectFrom('link')
      .innerJoin('post', 'post.id', 'link.source_id')
      .innerJoin('thread', 'thread.id', 'post.thread_id')
      .innerJoin('category', 'category.id', 'thread.category_id')
      .select([
        'thread.id',
        'thread.title',
        'category.name as category',
        'link.snippet',
        'post.id as post_id',
        'post.created_at',
      ])
      .where('link.source_type', '=', 'post')
      .where('link.target_slug', 'in', slugs)
      .where('post.deleted_at', 'is', null)
      .orderBy('post.created_at', 'desc')
    if (!viewer.isModerator) query = query.where('post.hidden', '=', 0).where('thread.hidden', '=', 0)
    const rows = await query.limit(500).execute()
    const seen = new Set<number>()
    return rows
      .filter((row) => (seen.has(row.id) ? false : seen.add(row.id)))
      .map((row) => ({
        title: row.title,
        href: `/posts/${row.post_id}`,
        label: { text: row.category },
        snippet: row.snippet,
        date: row.created_at,
      }))
  },
})

// ---- categories

export async function listCategories(db: Database) {
  return db.selectFrom('category').selectAll().orderBy('position').orderBy('name').execute()
}

export async function findCategoryBySlug(db: Database, slug: string) {
  return db.selectFrom('category').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function findCategoryById(db: Database, id: number) {
  return db.selectFrom('category').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function createCategory(
  db: Database,
  values: { slug: string; name: string; description: string; position: number },
) {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('category')
      .values({ ...values, created_at: new Date().toISOString() })
      .execute()
    // Kept thread pages offer moderators the list of categories to move a thread to.
    await bumpContentVersion(trx)
  })
}

export async function updateCategory(
  db: Database,
  id: number,
  values: { name: string; description: string; position: number },
) {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('category').set(values).where('id', '=', id).execute()
    // Thread rows in cached "Mentioned in" lists show the category's name.
    await bumpContentVersion(trx)
  })
}

// ---- writing

export async function findPostBySubmissionKey(db: Database, key: string) {
  return db
    .selectFrom('post')
    .select(['id', 'thread_id'])
    .where('submission_key', '=', key)
    .executeTakeFirst()
}

/** Saves a post's text through the text engine, notifying members whose person page it newly links. */
async function renderPost(
  db: Database,
  post: { id: number; threadId: number; authorId: number },
  body: string,
  previousBody: string | null,
) {
  const html = await renderAndLink(db, { type: 'post', id: post.id }, body)
  const before = new Set(previousBody === null ? [] : extractLinks(previousBody).map((l) => l.targetSlug))
  const added = extractLinks(body)
    .map((l) => l.targetSlug)
    .filter((slug) => !before.has(slug))
  await notifyMentions(db, added, { threadId: post.threadId, postId: post.id, authorId: post.authorId })
  return html
}

export type CreateResult = { threadId: number; postId: number; duplicate: boolean }

export async function createThread(
  db: Database,
  input: {
    categoryId: number
    kind: ThreadKind
    title: string
    body: string
    authorId: number
    submissionKey: string | null
  },
  now = new Date(),
): Promise<CreateResult> {
  return inTransaction(db, async (trx) => {
    if (input.submissionKey) {
      const existing = await findPostBySubmissionKey(trx, input.submissionKey)
      if (existing) return { threadId: existing.thread_id, postId: existing.id, duplicate: true }
    }
    const stamp = now.toISOString()
    const { id: threadId } = await trx
      .insertInto('thread')
      .values({
        category_id: input.categoryId,
        kind: input.kind,
        title: input.title,
        author_id: input.authorId,
        last_activity_at: stamp,
        created_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const postId = await insertPost(trx, threadId, 1, input, stamp)
    await createRevision(trx, postRevision(postId, 1, input.title, input.body, input.authorId, null), now)
    await refreshSearch(trx, 'thread', [threadId])
    return { threadId, postId, duplicate: false }
  })
}

async function insertPost(
  db: Database,
  threadId: number,
  number: number,
  input: { body: string; authorId: number; submissionKey: string | null },
  stamp: string,
) {
  const { id } = await db
    .insertInto('post')
    .values({
      thread_id: threadId,
      number,
      author_id: input.authorId,
      body: input.body,
      body_html: '',
      submission_key: input.submissionKey,
      created_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const html = await renderPost(db, { id, threadId, authorId: input.authorId }, input.body, null)
  await db.updateTable('post').set({ body_html: html }).where('id', '=', id).execute()
  return id
}

function postRevision(
  postId: number,
  number: number,
  title: string,
  body: string,
  authorId: number,
  summary: string | null,
) {
  return {
    entityType: 'post' as const,
    entityId: postId,
    number,
    title,
    body,
    fields: {},
    summary,
    authorId,
  }
}

export async function createReply(
  db: Database,
  thread: ThreadRow,
  input: { body: string; authorId: number; submissionKey: string | null },
  now = new Date(),
): Promise<CreateResult> {
  return inTransaction(db, async (trx) => {
    if (input.submissionKey) {
      const existing = await findPostBySubmissionKey(trx, input.submissionKey)
      if (existing) return { threadId: existing.thread_id, postId: existing.id, duplicate: true }
    }
    const last = await trx
      .selectFrom('post')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('thread_id', '=', thread.id)
      .executeTakeFirst()
    const stamp = now.toISOString()
    const postId = await insertPost(trx, thread.id, Number(last?.n ?? 1) + 1, input, stamp)
    await createRevision(trx, postRevision(postId, 1, thread.title, input.body, input.authorId, null), now)
    await trx.updateTable('thread').set({ last_activity_at: stamp }).where('id', '=', thread.id).execute()
    await recountReplies(trx, thread.id)
    await refreshSearch(trx, 'post', [postId])
    await notifyReply(trx, thread.id, postId, input.authorId)
    return { threadId: thread.id, postId, duplicate: false }
  })
}

export async function editPost(
  db: Database,
  post: PostRow,
  thread: ThreadRow,
  input: { body: string; title: string | null; editorId: number; summary: string | null },
  now = new Date(),
) {
  await inTransaction(db, async (trx) => {
    const revision = post.revision + 1
    const html = await renderPost(
      trx,
      { id: post.id, threadId: thread.id, authorId: input.editorId },
      input.body,
      post.body,
    )
    await trx
      .updateTable('post')
      .set({ body: input.body, body_html: html, revision, edited_at: now.toISOString() })
      .where('id', '=', post.id)
      .execute()
    const title = post.number === 1 && input.title ? input.title : thread.title
    if (title !== thread.title)
      await trx.updateTable('thread').set({ title }).where('id', '=', thread.id).execute()
    await createRevision(
      trx,
      postRevision(post.id, revision, title, input.body, input.editorId, input.summary),
      now,
    )
    await refreshPostSearch(trx, post)
  })
}

/** The author removes a post: its place stays ("removed by the author"), its text and links go. */
export async function deletePost(db: Database, post: PostRow, now = new Date()) {
  await inTransaction(db, async (trx) => {
    // The author takes the words back: text and earlier versions go, the place in the thread stays.
    await trx
      .updateTable('post')
      .set({ deleted_at: now.toISOString(), body: '', body_html: '' })
      .where('id', '=', post.id)
      .execute()
    await deleteRevisions(trx, 'post', post.id)
    await deleteLinks(trx, { type: 'post', id: post.id })
    await trx
      .updateTable('thread')
      .set({ accepted_post_id: null })
      .where('accepted_post_id', '=', post.id)
      .execute()
    await recountReplies(trx, post.thread_id)
    await refreshPostSearch(trx, post)
  })
}

export async function setPostHidden(db: Database, post: PostRow, hidden: boolean) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('post')
      .set({ hidden: hidden ? 1 : 0 })
      .where('id', '=', post.id)
      .execute()
    if (hidden) {
      await trx
        .updateTable('thread')
        .set({ accepted_post_id: null })
        .where('accepted_post_id', '=', post.id)
        .execute()
    }
    await recountReplies(trx, post.thread_id)
    await refreshPostSearch(trx, post)
  })
}

/** The opening post carries the thread's title for its replies, so a change to it refreshes them all. */
async function refreshPostSearch(db: Database, post: PostRow) {
  if (post.number === 1) await refreshThreadSearch(db, post.thread_id)
  else await refreshSearch(db, 'post', [post.id])
}

async function recountReplies(db: Database, threadId: number) {
  const row = await db
    .selectFrom('post')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId)
    .where('number', '>', 1)
    .where('hidden', '=', 0)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  await db
    .updateTable('thread')
    .set({ reply_count: Number(row.n) })
    .where('id', '=', threadId)
    .execute()
}

export async function setThreadFlag(
  db: Database,
  threadId: number,
  flag: 'pinned' | 'locked' | 'hidden',
  on: boolean,
) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('thread')
      .set({ [flag]: on ? 1 : 0 })
      .where('id', '=', threadId)
      .execute()
    // Hiding a thread hides its replies from search too.
    if (flag === 'hidden') await refreshThreadSearch(trx, threadId)
    else await bumpContentVersion(trx)
  })
}

export async function moveThread(db: Database, threadId: number, categoryId: number) {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('thread').set({ category_id: categoryId }).where('id', '=', threadId).execute()
    await bumpContentVersion(trx)
  })
}

export async function setAcceptedAnswer(
  db: Database,
  thread: ThreadRow,
  post: PostRow | null,
  actorId: number,
) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('thread')
      .set({ accepted_post_id: post?.id ?? null })
      .where('id', '=', thread.id)
      .execute()
    // Lists of open questions are cached views.
    await bumpContentVersion(trx)
    if (post)
      await notifyAccepted(trx, { threadId: thread.id, postId: post.id, authorId: post.author_id }, actorId)
  })
}

// ---- reading

export async function findThread(db: Database, id: number) {
  return db
    .selectFrom('thread')
    .innerJoin('category', 'category.id', 'thread.category_id')
    .leftJoin('member', 'member.id', 'thread.author_id')
    .selectAll('thread')
    .select([
      'category.name as category_name',
      'category.slug as category_slug',
      'member.display_name as author_name',
    ])
    .where('thread.id', '=', id)
    .executeTakeFirst()
}

export async function findPost(db: Database, id: number) {
  return db.selectFrom('post').selectAll().where('id', '=', id).executeTakeFirst()
}

const postColumns = [
  'post.id',
  'post.thread_id',
  'post.number',
  'post.author_id',
  'post.body',
  'post.body_html',
  'post.hidden',
  'post.deleted_at',
  'post.edited_at',
  'post.created_at',
  'member.display_name as author_name',
  'member.status as author_status',
] as const

/** The opening post and one page of replies; hidden replies only for moderators. */
export async function listThreadPosts(db: Database, threadId: number, page: number, includeHidden: boolean) {
  let replies = db
    .selectFrom('post')
    .leftJoin('member', 'member.id', 'post.author_id')
    .select(postColumns)
    .where('post.thread_id', '=', threadId)
    .where('post.number', '>', 1)
  if (!includeHidden) replies = replies.where('post.hidden', '=', 0)
  const [opener, rows, total] = await Promise.all([
    db
      .selectFrom('post')
      .leftJoin('member', 'member.id', 'post.author_id')
      .select(postColumns)
      .where('post.thread_id', '=', threadId)
      .where('post.number', '=', 1)
      .executeTakeFirstOrThrow(),
    replies
      .orderBy('post.number')
      .limit(postPageSize)
      .offset((page - 1) * postPageSize)
      .execute(),
    replies
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { opener, replies: rows, pages: Math.max(1, Math.ceil(Number(total.n) / postPageSize)) }
}

export async function findPostWithAuthor(db: Database, postId: number) {
  return db
    .selectFrom('post')
    .leftJoin('member', 'member.id', 'post.author_id')
    .select(postColumns)
    .where('post.id', '=', postId)
    .executeTakeFirst()
}

/** The page of the thread on which a post appears, counting only the replies this viewer sees. */
export async function pageOfPost(db: Database, post: PostRow, includeHidden: boolean): Promise<number> {
  if (post.number === 1) return 1
  let query = db
    .selectFrom('post')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', post.thread_id)
    .where('number', '>', 1)
    .where('number', '<', post.number)
  if (!includeHidden) query = query.where('hidden', '=', 0)
  const before = Number((await query.executeTakeFirstOrThrow()).n)
  return Math.floor(before / postPageSize) + 1
}

export interface ThreadFilter {
  categoryId?: number | null
  unanswered?: boolean
  authorId?: number | null
  includeHidden: boolean
}

/** Where the next page of threads starts. */
export type ThreadCursor = Cursor

function filteredThreads(db: Database, filter: ThreadFilter) {
  let query = db
    .selectFrom('thread')
    .innerJoin('category', 'category.id', 'thread.category_id')
    .leftJoin('member', 'member.id', 'thread.author_id')
    .select([
      'thread.id',
      'thread.title',
      'thread.kind',
      'thread.reply_count',
      'thread.last_activity_at',
      'thread.accepted_post_id',
      'thread.pinned',
      'thread.locked',
      'thread.hidden',
      'category.name as category_name',
      'category.slug as category_slug',
      'member.display_name as author_name',
    ])
  if (!filter.includeHidden) query = query.where('thread.hidden', '=', 0)
  if (filter.categoryId) query = query.where('thread.category_id', '=', filter.categoryId)
  if (filter.unanswered)
    query = query.where('thread.kind', '=', 'question').where('thread.accepted_post_id', 'is', null)
  if (filter.authorId) query = query.where('thread.author_id', '=', filter.authorId)
  return query
}

/**
 * Newest activity first, keyset-paginated on (last_activity_at, id) so a page never shifts when new
 * threads arrive and no deep OFFSET is scanned. Pinned threads lead the first page.
 */
export async function listThreads(db: Database, filter: ThreadFilter, cursor: ThreadCursor | null) {
  const pinned = cursor
    ? []
    : await filteredThreads(db, filter)
        .where('thread.pinned', '=', 1)
        .orderBy('thread.last_activity_at', 'desc')
        .execute()
  let query = filteredThreads(db, filter).where('thread.pinned', '=', 0)
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('thread.last_activity_at', '<', cursor.at),
        eb.and([eb('thread.last_activity_at', '=', cursor.at), eb('thread.id', '<', cursor.id)]),
      ]),
    )
  }
  const rows = await query
    .orderBy('thread.last_activity_at', 'desc')
    .orderBy('thread.id', 'desc')
    .limit(threadPageSize + 1)
    .execute()
  const page = rows.slice(0, threadPageSize)
  const last = page.at(-1)
  const next = rows.length > threadPageSize && last ? { at: last.last_activity_at, id: last.id } : null
  return { threads: [...pinned, ...page], next }
}

/** The deals and themes each thread links to, as labels for the list. */
export async function findThreadLabels(db: Database, threadIds: number[]) {
  const labels = new Map<number, { slug: string; title: string; kind: string }[]>()
  if (threadIds.length === 0) return labels
  const links = await db
    .selectFrom('link')
    .innerJoin('post', 'post.id', 'link.source_id')
    .select(['post.thread_id', 'link.target_slug'])
    .distinct()
    .where('link.source_type', '=', 'post')
    .where('post.thread_id', 'in', threadIds)
    .where('post.hidden', '=', 0)
    .where('post.deleted_at', 'is', null)
    .execute()
  // A link keeps the title it was written with; a page renamed since is reached through its redirect.
  const resolved = await resolveSlugs(
    db,
    links.map((link) => link.target_slug),
  )
  const pages =
    resolved.size === 0
      ? []
      : await db
          .selectFrom('page')
          .select(['slug', 'title', 'kind'])
          .where('slug', 'in', [...new Set(resolved.values())])
          .where('kind', 'in', ['deal', 'theme'])
          .orderBy('title')
          .execute()
  const linkedBy = new Map<number, Set<string>>()
  for (const link of links) {
    const slug = resolved.get(link.target_slug)
    if (slug) linkedBy.set(link.thread_id, (linkedBy.get(link.thread_id) ?? new Set()).add(slug))
  }
  for (const [threadId, slugs] of linkedBy) {
    const list = pages.filter((page) => slugs.has(page.slug))
    if (list.length > 0) labels.set(threadId, list)
  }
  return labels
}

/** Threads for the Atom feed: the newest, with their opening post. */
export async function listFeedThreads(db: Database, categoryId: number | null, limit = 30) {
  let query = db
    .selectFrom('thread')
    .innerJoin('post', (join) => join.onRef('post.thread_id', '=', 'thread.id').on('post.number', '=', 1))
    .innerJoin('category', 'category.id', 'thread.category_id')
    .leftJoin('member', 'member.id', 'thread.author_id')
    .select([
      'thread.id',
      'thread.title',
      'thread.kind',
      'thread.created_at',
      'thread.last_activity_at',
      'post.body_html',
      'post.deleted_at',
      'post.hidden as post_hidden',
      'category.name as category_name',
      'member.display_name as author_name',
    ])
    .where('thread.hidden', '=', 0)
  if (categoryId) query = query.where('thread.category_id', '=', categoryId)
  return query.orderBy('thread.created_at', 'desc').orderBy('thread.id', 'desc').limit(limit).execute()
}

// ---- flags

export async function createFlag(db: Database, postId: number, memberId: number, reason: string) {
  const open = await db
    .selectFrom('flag')
    .select('id')
    .where('post_id', '=', postId)
    .where('member_id', '=', memberId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
  if (open) return
  await db
    .insertInto('flag')
    .values({ post_id: postId, member_id: memberId, reason, created_at: new Date().toISOString() })
    .execute()
}

export async function listOpenFlags(db: Database) {
  return db
    .selectFrom('flag')
    .innerJoin('post', 'post.id', 'flag.post_id')
    .innerJoin('thread', 'thread.id', 'post.thread_id')
    .leftJoin('member as flagger', 'flagger.id', 'flag.member_id')
    .leftJoin('member as author', 'author.id', 'post.author_id')
    .select([
      'flag.id',
      'flag.reason',
      'flag.created_at',
      'post.id as post_id',
      'post.body',
      'post.hidden',
      'thread.title as thread_title',
      'flagger.display_name as flagger_name',
      'author.display_name as author_name',
    ])
    .where('flag.resolved_at', 'is', null)
    .orderBy('flag.created_at')
    .execute()
}

export async function findFlag(db: Database, id: number) {
  return db.selectFrom('flag').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Resolves every open flag on the post at once: one decision per post. */
export async function resolveFlags(
  db: Database,
  postId: number,
  resolution: 'hidden' | 'dismissed',
  moderatorId: number,
) {
  await db
    .updateTable('flag')
    .set({ resolved_at: new Date().toISOString(), resolved_by: moderatorId, resolution })
    .where('post_id', '=', postId)
    .where('resolved_at', 'is', null)
    .execute()
}

// ---- the home page

/** Questions still waiting for an accepted answer, most recently active first. */
export async function listOpenQuestions(db: Database, limit: number) {
  return db
    .selectFrom('thread')
    .select(['id', 'title', 'reply_count', 'last_activity_at'])
    .where('kind', '=', 'question')
    .where('accepted_post_id', 'is', null)
    .where('hidden', '=', 0)
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** The threads with the most replies among those active in the last weeks. */
export async function listBusyThreads(db: Database, limit: number, now = new Date()) {
  const since = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000).toISOString()
  return db
    .selectFrom('thread')
    .select(['id', 'title', 'reply_count', 'last_activity_at'])
    .where('last_activity_at', '>=', since)
    .where('hidden', '=', 0)
    .where('reply_count', '>', 0)
    .orderBy('reply_count', 'desc')
    .orderBy('last_activity_at', 'desc')
    .limit(limit)
    .execute()
}
