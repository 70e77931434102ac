// One revision mechanism for every text people edit: wiki pages, session texts and posts.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'

export type RevisedEntity = 'page' | 'session' | 'breakout' | 'idea' | 'post'

export interface RevisionInput {
  entityType: RevisedEntity
  entityId: number
  number: number
  title: string
  body: string
  fields: Record<string, unknown>
  summary: string | null
  authorId: number | null
}

export async function createRevision(db: Database, input: RevisionInput, now = new Date()) {
  await db
    .insertInto('revision')
    .values({
      entity_type: input.entityType,
      entity_id: input.entityId,
      number: input.number,
      title: input.title,
      body: input.body,
      fields: JSON.stringify(input.fields),
      summary: input.summary,
      author_id: input.authorId,
      created_at: now.toISOString(),
    })
    .execute()
}

export async function listRevisions(db: Database, entityType: RevisedEntity, entityId: number) {
  return db
    .selectFrom('revision')
    .leftJoin('member', 'member.id', 'revision.author_id')
    .select([
      'revision.number',
      'revision.title',
      'revision.summary',
      'revision.created_at',
      'revision.author_id',
      'member.display_name as author_name',
    ])
    .where('revision.entity_type', '=', entityType)
    .where('revision.entity_id', '=', entityId)
    .orderBy('revision.number', 'desc')
    .execute()
}

export async function findRevision(
  db: Database,
  entityType: RevisedEntity,
  entityId: number,
  number: number,
) {
  const row = await db
    .selectFrom('revision')
    .leftJoin('member', 'member.id', 'revision.author_id')
    .selectAll('revision')
    .select('member.display_name as author_name')
    .where('revision.entity_type', '=', entityType)
    .where('revision.entity_id', '=', entityId)
    .where('revision.number', '=', number)
    .executeTakeFirst()
  return row ? { ...row, fields: JSON.parse(row.fields) as Record<string, unknown> } : undefined
}

export async function deleteRevisions(db: Database, entityType: RevisedEntity, entityId: number) {
  await db
    .deleteFrom('revision')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute()
}

/**
 * Revisions with the text each belongs to joined: the page, the break-out or idea, and the session
 * (the revised session itself, or the one its break-out or idea belongs to). Callers select and filter.
 */
export function revisionsWithPlace(db: Database) {
  return db
    .selectFrom('revision')
    .leftJoin('page', (join) =>
      join.onRef('page.id', '=', 'revision.entity_id').on('revision.entity_type', '=', 'page'),
    )
    .leftJoin('breakout', (join) =>
      join.onRef('breakout.id', '=', 'revision.entity_id').on('revision.entity_type', '=', 'breakout'),
    )
    .leftJoin('idea', (join) =>
      join.onRef('idea.id', '=', 'revision.entity_id').on('revision.entity_type', '=', 'idea'),
    )
    .leftJoin('theme_session', (join) =>
      join.on(
        'theme_session.id',
        '=',
        sql<number>`coalesce(breakout.session_id, idea.session_id,
          case when revision.entity_type = 'session' then revision.entity_id end)`,
      ),
    )
}

/** Where a revised text lives now; null when it is gone. */
export function revisionPlacePath(revision: {
  entity_type: string
  entity_id: number
  page_slug: string | null
  session_slug: string | null
}): string | null {
  switch (revision.entity_type) {
    case 'page':
      return revision.page_slug ? `/wiki/${revision.page_slug}` : null
    case 'session':
      return revision.session_slug ? `/sessions/${revision.session_slug}` : null
    case 'breakout':
    case 'idea':
      return revision.session_slug
        ? `/sessions/${revision.session_slug}#${revision.entity_type}-${revision.entity_id}`
        : null
    case 'post':
      return `/posts/${revision.entity_id}`
    default:
      return null
  }
}
