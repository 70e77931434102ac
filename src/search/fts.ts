// The SQLite-specific half of search: FTS5 statements over search_doc. A PostgreSQL deployment would
// replace this module (tsvector and a GIN index) and keep the rest of src/search/.
import { type Selectable, sql } from 'kysely'
import type { Database } from '../db/database.js'
import type { SearchDoc } from '../db/schema.js'
import { forModeratorsOnly, hasTitles, typeOfDocId } from './doc-ids.js'

/**
 * better-sqlite3 binds JavaScript numbers as floating point, and FTS5 silently ignores a rowid
 * constraint that is not an integer: every bound rowid goes through this cast.
 */
function integer(value: number) {
  return sql`cast(${value} as integer)`
}

export interface IndexedText {
  id: number
  title: string
  /** Words the text indexes hold with the title, but the titles' index not (a reply's thread title). */
  context: string
  body: string
  /** The text's neighbouring word pairs, as one string of tokens (src/search/query.ts, pairsOf). */
  pairs: string
  /** The title's pairs alone, for the titles' index; null: no entry there. */
  titlePairs: string | null
}

/**
 * Replies have an index of their own (migration 2026-11-24T2100): a search in the small types then
 * never seeks through the long lists that replies make of common words.
 */
const textIndexes = ['search_fts', 'search_fts_posts'] as const
type TextIndex = (typeof textIndexes)[number]

function indexOf(id: number): TextIndex {
  return typeOfDocId(id) === 'post' ? 'search_fts_posts' : 'search_fts'
}

/**
 * Titles again, on their own (migration 2026-11-27T0000): a search takes only the newest matches of
 * each type from the text indexes, and this one finds the items whose title has every word, however
 * old. Its lists are short: titles are few words, and replies have none.
 */
const titleIndex = 'search_fts_titles'
const indexes = [...textIndexes, titleIndex] as const

/** Adds texts to the index, many to a statement; call right after inserting their search_doc rows. */
export async function ftsInsert(db: Database, rows: IndexedText[]) {
  for (const index of textIndexes) {
    const mine = rows.filter((row) => indexOf(row.id) === index)
    for (let i = 0; i < mine.length; i += 100) {
      const values = mine
        .slice(i, i + 100)
        .map(
          (row) =>
            sql`(${integer(row.id)}, ${row.context ? `${row.title} ${row.context}` : row.title}, ${row.body}, ${row.pairs})`,
        )
      await sql`insert into ${sql.table(index)} (rowid, title, body, pairs) values ${sql.join(values)}`.execute(
        db,
      )
    }
  }
  const titled = rows.filter((row) => row.titlePairs !== null)
  for (let i = 0; i < titled.length; i += 100) {
    const values = titled
      .slice(i, i + 100)
      .map((row) => sql`(${integer(row.id)}, ${row.title}, ${row.titlePairs})`)
    await sql`insert into ${sql.table(titleIndex)} (rowid, title, pairs) values ${sql.join(values)}`.execute(
      db,
    )
  }
}

/** Removes an entry from the indexes (they hold no text, so the row id is enough). */
export async function ftsDelete(db: Database, id: number) {
  await sql`delete from ${sql.table(indexOf(id))} where rowid = ${integer(id)}`.execute(db)
  if (hasTitles(typeOfDocId(id)))
    await sql`delete from ${sql.table(titleIndex)} where rowid = ${integer(id)}`.execute(db)
}

/** Runs an FTS5 command ('delete-all', 'optimize') on every index. */
async function command(db: Database, name: 'delete-all' | 'optimize') {
  for (const index of indexes) {
    await sql`insert into ${sql.table(index)} (${sql.id(index)}) values (${name})`.execute(db)
  }
}

/** Empties the indexes, for a full rebuild. */
export async function ftsDeleteAll(db: Database) {
  await command(db, 'delete-all')
}

/** Merges the index segments after a bulk load, so queries read one b-tree per term. */
export async function ftsOptimize(db: Database) {
  await command(db, 'optimize')
}

export interface CandidateFilter {
  /** Inclusive rowid range: one type, as far as the viewer may see it. */
  range: [number, number]
  /** Page slugs (deal or theme) the item's text must link to. */
  linkedTo: string[] | null
  /** ISO bounds on search_doc.date. */
  from: string | null
  until: string | null
}

/**
 * The part of a rowid range (one type and audience) whose entries are dated within [from, until): the
 * lowest and highest row id dated then, or null when none is. Narrowing the range to it lets FTS5 seek
 * straight to the period instead of walking every newer match; the exact date test stays on each
 * match, as entries need not be dated in row id order (sessions, wiki pages). Costs a scan of the
 * period's entries in the search_doc_date index: 4 ms for a year of 500,000 posts.
 */
export async function rangeDatedWithin(
  db: Database,
  [low, high]: [number, number],
  from: string | null,
  until: string | null,
): Promise<[number, number] | null> {
  let query = db
    .selectFrom('search_doc')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
    .where('type', '=', typeOfDocId(low))
    .where('audience', '=', forModeratorsOnly(low) ? 'moderators' : 'all')
  if (from) query = query.where('date', '>=', from)
  if (until) query = query.where('date', '<', until)
  const { first, last } = await query.executeTakeFirstOrThrow()
  if (first === null || last === null) return null
  const narrowed: [number, number] = [Math.max(low, Number(first)), Math.min(high, Number(last))]
  return narrowed[0] <= narrowed[1] ? narrowed : null
}

/**
 * The row ids of the newest matches in one rowid range, at most `limit`. Walking the index newest
 * first and stopping at the limit keeps a word that occurs in every post as cheap as a rare one;
 * FTS5's bm25() would first count every document containing each word (measured: over a second for
 * such a word). The entries' rows are read only for a period or link filter; ranking reads their
 * dates and titles apart (src/search/rank-data.ts).
 */
export async function ftsCandidates(
  db: Database,
  expression: string,
  filter: CandidateFilter,
  limit: number,
  /** Only items whose title has every word (of types with titles). */
  inTitles = false,
): Promise<number[]> {
  const [low, high] = filter.range
  const index = inTitles ? titleIndex : indexOf(low)
  const conditions = [
    sql`${sql.id(index)} match ${expression}`,
    sql`f.rowid between ${integer(low)} and ${integer(high)}`,
  ]
  if (filter.from) conditions.push(sql`d.date >= ${filter.from}`)
  if (filter.until) conditions.push(sql`d.date < ${filter.until}`)
  const linkedTo = filter.linkedTo ?? []
  if (linkedTo.length > 0) {
    conditions.push(sql`exists (select 1 from link l
      where l.source_type = d.link_type and l.source_id = d.link_id
        and l.target_slug in (${sql.join(linkedTo)}))`)
  }
  // A period reads the date from the search_doc_rank index; only the link filter needs the row itself.
  const join =
    linkedTo.length > 0
      ? sql`join search_doc d on d.id = f.rowid`
      : filter.from || filter.until
        ? sql`join search_doc d indexed by search_doc_rank on d.id = f.rowid`
        : sql``
  const { rows } = await sql<{ id: number }>`select f.rowid as id from ${sql.table(index)} f ${join}
    where ${sql.join(conditions, sql` and `)}
    order by f.rowid desc limit ${limit}`.execute(db)
  return rows.map((row) => row.id)
}

/** The date and title of these entries, for ranking (src/search/rank-data.ts keeps them). */
export async function rankRows(db: Database, ids: number[]) {
  // From the index that holds these columns: the table's rows hold the texts too, a page each.
  const { rows } = await sql<Pick<Selectable<SearchDoc>, 'id' | 'date' | 'title'>>`select id, date, title
    from search_doc indexed by search_doc_rank where id in (${sql.join(ids)})`.execute(db)
  return rows
}
