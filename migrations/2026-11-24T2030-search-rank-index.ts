import type { Kysely } from 'kysely'

// Ranking reads the date and title of up to a thousand candidates per search; from this index alone
// that is a few dense pages instead of one page of text per candidate.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_doc_rank').on('search_doc').columns(['id', 'date', 'title']).execute()
}
