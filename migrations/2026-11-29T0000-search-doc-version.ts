import type { Kysely } from 'kysely'

// The content version that wrote each search entry: search keeps the entries' dates and titles in
// memory (src/search/rank-data.ts), and after a write drops only the entries written since, found
// through this index, instead of all of them. Entries from before stay at 0: none is newer than a
// version the server has seen.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('search_doc')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('search_doc_version').on('search_doc').column('version').execute()
}
