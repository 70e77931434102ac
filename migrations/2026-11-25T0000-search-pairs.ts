import { type Kysely, sql } from 'kysely'

// The search indexes get a third column of word pairs (src/search/query.ts, pairsOf), which makes a
// phrase a lookup instead of a position check in every text holding its words, and a prefix index of
// four letters. They hold only the index now (contentless, deletes by row id): the pairs exist
// nowhere else, and the two views that fed the old indexes go. The server fills them at its next
// start (searchIndexVersion).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table search_fts`.execute(db)
  await sql`drop table search_fts_posts`.execute(db)
  await sql`drop view search_doc_post`.execute(db)
  await sql`drop view search_doc_other`.execute(db)
  for (const table of ['search_fts', 'search_fts_posts']) {
    await sql`create virtual table ${sql.table(table)} using fts5(
      title, body, pairs,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    )`.execute(db)
  }
}
