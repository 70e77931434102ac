// How the forum appears in search: a thread is found by its title and question, each reply by its own
// text and its thread's title.
import type { Database } from '../db/database.js'
import { refreshSearch, registerSearchSource } from '../search/index-sync.js'
import { plainText } from '../text/plain-text.js'
import { threadPath } from './thread-path.js'

registerSearchSource('thread', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('thread')
      .innerJoin('post', (join) => join.onRef('post.thread_id', '=', 'thread.id').on('post.number', '=', 1))
      .select([
        'thread.id',
        'thread.title',
        'thread.hidden',
        'thread.created_at',
        'post.id as post_id',
        'post.body',
        'post.hidden as post_hidden',
      ])
      .where('thread.id', 'in', ids)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: row.hidden ? 'moderators' : 'all',
      title: row.title,
      // A hidden question stays findable by its title only; a removed one has no text left.
      body: row.post_hidden ? '' : plainText(row.body),
      date: row.created_at,
      href: threadPath(row),
      place: null,
      links: row.post_hidden ? null : { type: 'post', id: row.post_id },
    }))
  },
  listIds: async (db) => (await db.selectFrom('thread').select('id').execute()).map((r) => r.id),
})

registerSearchSource('post', {
  async describe(db, ids) {
    const rows = await db
      .selectFrom('post')
      .innerJoin('thread', 'thread.id', 'post.thread_id')
      .select([
        'post.id',
        'post.body',
        'post.hidden',
        'post.created_at',
        'thread.title',
        'thread.hidden as thread_hidden',
      ])
      .where('post.id', 'in', ids)
      .where('post.number', '>', 1)
      .where('post.deleted_at', 'is', null)
      .execute()
    return rows.map((row) => ({
      sourceId: row.id,
      audience: row.hidden || row.thread_hidden ? 'moderators' : 'all',
      title: '',
      body: plainText(row.body),
      date: row.created_at,
      href: `/posts/${row.id}`,
      place: row.title,
      links: { type: 'post', id: row.id },
    }))
  },
  listIds: async (db) =>
    (await db.selectFrom('post').select('id').where('number', '>', 1).execute()).map((r) => r.id),
})

/** A thread's entries and those of all its replies: after a change that touches the whole thread. */
export async function refreshThreadSearch(db: Database, threadId: number) {
  await refreshSearch(db, 'thread', [threadId])
  const replies = await db
    .selectFrom('post')
    .select('id')
    .where('thread_id', '=', threadId)
    .where('number', '>', 1)
    .execute()
  await refreshSearch(
    db,
    'post',
    replies.map((r) => r.id),
  )
}
