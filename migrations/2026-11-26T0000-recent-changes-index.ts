import { type Kysely, sql } from 'kysely'

// Recent changes lists edits of pages and session texts, newest first. Every post also has
// revisions, so walking all revisions by date skipped a post's at nearly every step; this index
// holds only the texts the list shows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('revision_recent_texts')
    .on('revision')
    .columns(['created_at', 'id'])
    .where(sql.ref('entity_type'), '!=', 'post')
    .execute()
}
