// What a member can do with their own data: see it all (AVG art. 15 and 20) and erase it (art. 17).
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import { threadPath } from '../forum/thread-path.js'
import { revisionPlacePath, revisionsWithPlace } from '../text/revisions.js'

/** What is stored about a member apart from secrets (password hash, login sessions): for downloads and exports. */
export const memberRecordColumns = [
  'id',
  'email',
  'display_name',
  'role',
  'status',
  'locale',
  'person_page_id',
  'created_at',
  'updated_at',
] as const

/**
 * Everything stored about a member and everything they made. Features that store more about members
 * add their section here, so the download stays complete.
 */
export async function collectMemberData(db: Database, memberId: number) {
  const member = await db
    .selectFrom('member')
    .select(memberRecordColumns)
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow()
  const sessions = await db
    .selectFrom('login_session')
    .select(['created_at', 'expires_at', 'last_seen_at', 'user_agent'])
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .execute()
  const invitationsMade = await db
    .selectFrom('invitation')
    .select(['role', 'email', 'created_at', 'expires_at', 'used_at', 'revoked_at'])
    .where('created_by', '=', memberId)
    .orderBy('created_at')
    .execute()
  const invitationUsed = await db
    .selectFrom('invitation')
    .select(['role', 'created_at', 'used_at'])
    .where('used_by', '=', memberId)
    .executeTakeFirst()
  const auditActions = await db
    .selectFrom('audit_log')
    .select(['action', 'target_type', 'target_id', 'detail', 'created_at'])
    .where('actor_id', '=', memberId)
    .orderBy('id')
    .execute()
  const auditAbout = await db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'detail', 'created_at'])
    .where('target_type', '=', 'member')
    .where('target_id', '=', String(memberId))
    .orderBy('id')
    .execute()
  const threads = await db
    .selectFrom('thread')
    .select(['id', 'title', 'kind', 'created_at'])
    .where('author_id', '=', memberId)
    .orderBy('id')
    .execute()
  const posts = await db
    .selectFrom('post')
    .innerJoin('thread', 'thread.id', 'post.thread_id')
    .select([
      'post.id',
      'post.thread_id',
      'thread.title as thread_title',
      'post.body',
      'post.created_at',
      'post.edited_at',
      'post.deleted_at',
    ])
    .where('post.author_id', '=', memberId)
    .orderBy('post.id')
    .execute()
  const revisions = await revisionsWithPlace(db)
    .leftJoin('post', (join) =>
      join.onRef('post.id', '=', 'revision.entity_id').on('revision.entity_type', '=', 'post'),
    )
    .select([
      'revision.entity_type',
      'revision.entity_id',
      'revision.number',
      'revision.title',
      'revision.body',
      'revision.summary',
      'revision.created_at',
      'page.slug as page_slug',
      'theme_session.slug as session_slug',
      'theme_session.title as session_title',
      'post.author_id as post_author_id',
    ])
    .where('revision.author_id', '=', memberId)
    .orderBy('revision.id')
    .execute()
  const pagesCreated = await db
    .selectFrom('page')
    .select(['slug', 'title', 'kind', 'created_at'])
    .where('created_by', '=', memberId)
    .orderBy('id')
    .execute()
  const notifications = await db
    .selectFrom('notification')
    .select(['kind', 'thread_id', 'post_id', 'created_at', 'read_at'])
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute()
  const flags = await db
    .selectFrom('flag')
    .select(['post_id', 'reason', 'created_at', 'resolution'])
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute()
  const votes = await db
    .selectFrom('idea_vote')
    .innerJoin('idea', 'idea.id', 'idea_vote.idea_id')
    .select(['idea.title', 'idea_vote.created_at'])
    .where('idea_vote.member_id', '=', memberId)
    .execute()
  const claims = await db
    .selectFrom('page')
    .select(['slug', 'title'])
    .where('claimed_by', '=', memberId)
    .execute()
  const ideasProposed = await db
    .selectFrom('idea')
    .innerJoin('theme_session', 'theme_session.id', 'idea.session_id')
    .select([
      'idea.id',
      'idea.title',
      'idea.description',
      'idea.status',
      'idea.vote_count',
      'idea.created_at',
      'theme_session.slug as session_slug',
      'theme_session.title as session_title',
    ])
    .where('idea.proposed_by', '=', memberId)
    .orderBy('idea.id')
    .execute()
  const personPage = await findPersonPage(db, memberId)
  return {
    format: 'leerplein-member-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    member,
    loginSessions: sessions,
    invitationUsed: invitationUsed ?? null,
    invitationsMade,
    moderationActions: auditActions.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) })),
    actionsConcerningMe: auditAbout.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) })),
    threadsStarted: threads.map((thread) => ({ ...thread, path: threadPath(thread) })),
    posts: posts.map((post) => ({ ...post, path: `/posts/${post.id}` })),
    revisions: revisions.map(({ page_slug, session_slug, session_title, post_author_id, ...r }) => ({
      ...r,
      path: revisionPlacePath({ ...r, page_slug, session_slug }),
      // The session a break-out or idea belongs to; a session's own revisions name it in their title.
      sessionTitle: r.entity_type === 'breakout' || r.entity_type === 'idea' ? session_title : null,
      onOwnPost: r.entity_type === 'post' ? post_author_id === memberId : null,
    })),
    wikiPagesCreated: pagesCreated,
    personPage: personPage.linked,
    personPageClaims: claims,
    ideasProposed,
    notifications,
    reportsMade: flags,
    ideaVotes: votes,
  }
}

export type MemberData = Awaited<ReturnType<typeof collectMemberData>>

/**
 * The member's person page once a moderator confirmed it, and a page they claimed that still waits
 * for that confirmation.
 */
export async function findPersonPage(db: Database, memberId: number) {
  const linked = await db
    .selectFrom('member')
    .innerJoin('page', 'page.id', 'member.person_page_id')
    .select(['page.slug', 'page.title'])
    .where('member.id', '=', memberId)
    .executeTakeFirst()
  const claimed = linked
    ? undefined
    : await db
        .selectFrom('page')
        .select(['slug', 'title'])
        .where('claimed_by', '=', memberId)
        .where('kind', '=', 'person')
        .orderBy('id')
        .executeTakeFirst()
  return { linked: linked ?? null, claimed: claimed ?? null }
}

/**
 * Erases a member's personal data in one transaction. The row stays (with no email, name or password)
 * so that their contributions keep an author, shown as "former member".
 */
export async function eraseMember(db: Database, memberId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom('member')
      .select('email')
      .where('id', '=', memberId)
      .executeTakeFirst()
    await trx.deleteFrom('login_session').where('member_id', '=', memberId).execute()
    await trx.deleteFrom('one_time_token').where('member_id', '=', memberId).execute()
    if (member?.email) {
      await trx.updateTable('invitation').set({ email: null }).where('email', '=', member.email).execute()
    }
    await trx.updateTable('invitation').set({ email: null }).where('used_by', '=', memberId).execute()
    await trx.updateTable('page').set({ claimed_by: null }).where('claimed_by', '=', memberId).execute()
    await trx.updateTable('flag').set({ member_id: null }).where('member_id', '=', memberId).execute()
    await trx.deleteFrom('notification').where('member_id', '=', memberId).execute()
    await trx
      .updateTable('member')
      .set({
        email: null,
        display_name: null,
        password_hash: null,
        locale: null,
        person_page_id: null,
        status: 'deleted',
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', memberId)
      .execute()
    // Cached thread pages show the name, which is now "former member".
    await bumpContentVersion(trx)
  })
}
