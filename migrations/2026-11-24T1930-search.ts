import { type Kysely, sql } from 'kysely'

// Full-text search over every text people write. `search_doc` holds one row per findable item (a page,
// a thread's question, a reply, a session, a break-out, an idea) as plain text; `search_fts` is an FTS5
// index over it (external content, kept in step by src/search/ in the transaction of every write).
// The row id encodes type, audience and source id, so a filter by type or by what a viewer may see is
// a rowid range that FTS5 answers without visiting other rows (see src/search/doc-ids.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_doc')
    .addColumn('id', 'integer', (col) => col.primaryKey().notNull())
    .addColumn('type', 'text', (col) =>
      col.notNull().check(sql`type in ('page', 'session', 'breakout', 'idea', 'thread', 'post')`),
    )
    .addColumn('source_id', 'integer', (col) => col.notNull())
    .addColumn('audience', 'text', (col) => col.notNull().check(sql`audience in ('all', 'moderators')`))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    // ISO date-time the result shows and the period filter uses.
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('href', 'text', (col) => col.notNull())
    // Where the item lives: the thread of a reply, the session of a break-out or idea.
    .addColumn('place', 'text')
    // The text source whose [[links]] say which deals and themes the item is about.
    .addColumn('link_type', 'text', (col) => col.notNull())
    .addColumn('link_id', 'integer', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('search_doc_source')
    .on('search_doc')
    .columns(['type', 'source_id'])
    .unique()
    .execute()
  await sql`create virtual table search_fts using fts5(
    title, body,
    content = 'search_doc', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  )`.execute(db)
}
