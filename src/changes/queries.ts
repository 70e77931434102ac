// Recent changes: every saved edit of a wiki page or a session text (report, break-out notes, idea),
// newest first. Posts have their own history under each post and are not listed here.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'
import { shownStatuses } from '../sessions/queries.js'
import { revisionsWithPlace } from '../text/revisions.js'

export async function listRecentChanges(db: Database, viewer: { includeDrafts: boolean }, limit = 50) {
  return recentChangesQuery(db, viewer, limit).execute()
}

/** The query itself, apart, so a test can check its plan. */
export function recentChangesQuery(db: Database, viewer: { includeDrafts: boolean }, limit = 50) {
  return (
    revisionsWithPlace(db)
      .leftJoin('member', 'member.id', 'revision.author_id')
      .select([
        'revision.id',
        'revision.entity_type',
        'revision.entity_id',
        'revision.number',
        'revision.title',
        'revision.summary',
        'revision.created_at',
        'member.display_name as author_name',
        'page.slug as page_slug',
        'page.kind as page_kind',
        'theme_session.slug as session_slug',
        'theme_session.title as session_title',
      ])
      // The condition of the partial index revision_recent_texts, written out rather than bound, so
      // that the planner can tell the walk by date may use it.
      .where(sql<boolean>`revision.entity_type != 'post'`)
      .where((eb) =>
        eb.or([
          eb('page.id', 'is not', null),
          eb('theme_session.status', 'in', shownStatuses(viewer.includeDrafts)),
        ]),
      )
      .orderBy('revision.created_at', 'desc')
      .orderBy('revision.id', 'desc')
      .limit(limit)
  )
}

export type RecentChange = Awaited<ReturnType<typeof listRecentChanges>>[number]
