// The one producer of notifications. Features call these when something happens; a later email
// digest reads the same rows.
import type { Database } from '../db/database.js'

type Kind = 'reply' | 'mention' | 'accepted'

async function insert(
  db: Database,
  rows: { memberId: number; kind: Kind; actorId: number | null; threadId: number; postId: number }[],
) {
  if (rows.length === 0) return
  const now = new Date().toISOString()
  await db
    .insertInto('notification')
    .values(
      rows.map((r) => ({
        member_id: r.memberId,
        kind: r.kind,
        actor_id: r.actorId,
        thread_id: r.threadId,
        post_id: r.postId,
        created_at: now,
      })),
    )
    .execute()
}

/** A reply: everyone who started or wrote in the thread hears of it, except the one who replied. */
export async function notifyReply(db: Database, threadId: number, postId: number, authorId: number) {
  const participants = await db
    .selectFrom('post')
    .innerJoin('member', 'member.id', 'post.author_id')
    .select('member.id')
    .distinct()
    .where('post.thread_id', '=', threadId)
    .where('post.id', '!=', postId)
    .where('member.status', '=', 'active')
    .where('member.id', '!=', authorId)
    .execute()
  await insert(
    db,
    participants.map((p) => ({
      memberId: p.id,
      kind: 'reply' as const,
      actorId: authorId,
      threadId,
      postId,
    })),
  )
}

/** A post linked a person page that a member has as their own: that member is mentioned. */
export async function notifyMentions(
  db: Database,
  slugs: string[],
  post: { threadId: number; postId: number; authorId: number },
) {
  if (slugs.length === 0) return
  const members = await db
    .selectFrom('member')
    .innerJoin('page', 'page.id', 'member.person_page_id')
    .select('member.id')
    .where('page.kind', '=', 'person')
    .where((eb) =>
      eb.or([
        eb('page.slug', 'in', slugs),
        eb.exists(
          eb
            .selectFrom('redirect')
            .select('redirect.page_id')
            .whereRef('redirect.page_id', '=', 'page.id')
            .where('redirect.from_slug', 'in', slugs),
        ),
      ]),
    )
    .where('member.status', '=', 'active')
    .where('member.id', '!=', post.authorId)
    // One mention per post and member, however often the link is removed and added again.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification')
            .select('notification.id')
            .whereRef('notification.member_id', '=', 'member.id')
            .where('notification.post_id', '=', post.postId)
            .where('notification.kind', '=', 'mention'),
        ),
      ),
    )
    .execute()
  await insert(
    db,
    members.map((m) => ({
      memberId: m.id,
      kind: 'mention' as const,
      actorId: post.authorId,
      threadId: post.threadId,
      postId: post.postId,
    })),
  )
}

export async function notifyAccepted(
  db: Database,
  post: { threadId: number; postId: number; authorId: number | null },
  actorId: number,
) {
  if (!post.authorId || post.authorId === actorId) return
  await insert(db, [
    { memberId: post.authorId, kind: 'accepted', actorId, threadId: post.threadId, postId: post.postId },
  ])
}
