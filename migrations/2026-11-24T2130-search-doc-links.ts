import type { Kysely } from 'kysely'

// Browsing everything that mentions a deal or theme goes from its links to the search entries of the
// texts that hold them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_doc_link').on('search_doc').columns(['link_type', 'link_id']).execute()
}
