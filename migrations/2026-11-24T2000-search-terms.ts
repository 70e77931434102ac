import { type Kysely, sql } from 'kysely'

// Every word the search index has seen, to expand an unfinished last word into whole words: FTS5
// answers a prefix longer than its prefix indexes (2 and 3 letters) by first merging the full lists of
// every matching word, which for a common stem in 500,000 posts takes 30 ms or more per query.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_term')
    .addColumn('term', 'text', (col) => col.primaryKey().notNull())
    .modifyEnd(sql`without rowid`)
    .execute()
}
