import { type Kysely, sql } from 'kysely'

// Titles get an index of their own (src/search/fts.ts): the main index offers only the newest
// matches of each type, so an older thread or session whose title holds every word of a search was
// left out whenever more newer texts matched. Contentless like the others; the server fills it at
// its next start (searchIndexVersion).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create virtual table search_fts_titles using fts5(
    title, pairs,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
  )`.execute(db)
}
