// One revision mechanism for every text people edit: wiki pages now, session reports and posts later.
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
