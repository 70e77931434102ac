// Recent changes: every saved edit of a wiki page or a session text (report, break-out notes, idea),
// newest first. Posts have their own history under each post and are not listed here.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'
import type { Cursor } from '../http/cursor.js'
import { shownStatuses } from '../sessions/queries.js'
import { revisionsWithPlace } from '../text/revisions.js'

/** Changes per page of the list. */
export const changesPerPage = 50

/** A page of changes from `before` on (newest first), and where the next page starts. */
export async function listRecentChanges(
  db: Database,
  viewer: { includeDrafts: boolean },
  before: Cursor | null = null,
) {
  const rows = await recentChangesQuery(db, viewer, before, changesPerPage + 1).execute()
  const changes = rows.slice(0, changesPerPage)
  const last = changes.at(-1)
  const next = rows.length > changesPerPage && last ? { at: last.created_at, id: last.id } : null
  return { changes, next }
}

/** The query itself, apart, so a test can check its plan. */
export function recentChangesQuery(
  db: Database,
  viewer: { includeDrafts: boolean },
  before: Cursor | null,
  limit: number,
) {
  let query = revisionsWithPlace(db)
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
  if (before) {
    query = query.where((eb) =>
      eb(eb.refTuple('revision.created_at', 'revision.id'), '<', eb.tuple(before.at, before.id)),
    )
  }
  return query.orderBy('revision.created_at', 'desc').orderBy('revision.id', 'desc').limit(limit)
}

export type RecentChange = Awaited<ReturnType<typeof listRecentChanges>>['changes'][number]
