import { type Kysely, sql } from 'kysely'

// Replies get an FTS5 index of their own. In one index, a search in the small types (pages, threads,
// sessions, break-outs, ideas) had to seek into the middle of each common word's very long list,
// whose bulk is replies: about 1 ms per type for a common word over 500,000 posts, growing with the
// community. Each index reads its rows through a view of search_doc; the server rebuilds both at start.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table search_fts`.execute(db)
  await sql`create view search_doc_post as select id, title, body from search_doc where type = 'post'`.execute(
    db,
  )
  await sql`create view search_doc_other as select id, title, body from search_doc where type <> 'post'`.execute(
    db,
  )
  for (const [table, content] of [
    ['search_fts', 'search_doc_other'],
    ['search_fts_posts', 'search_doc_post'],
  ] as const) {
    await sql`create virtual table ${sql.table(table)} using fts5(
      title, body,
      content = ${sql.lit(content)}, content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    )`.execute(db)
  }
}
