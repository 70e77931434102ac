// Keeps the search index in step with the texts. Each feature registers how to describe its items as
// search documents; its write functions call refreshSearch() inside the transaction of the write, so
// the index never drifts from what is stored. `leerplein reindex` rebuilds everything from the same
// descriptions.
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import type { SourceType } from '../text/links.js'
import { type Audience, hasTitles, type SearchType, searchDocId, searchTypes } from './doc-ids.js'
import { ftsDelete, ftsDeleteAll, ftsInsert, ftsOptimize } from './fts.js'
import { pairsOf, tokensOf } from './query.js'

export interface SearchDocument {
  sourceId: number
  audience: Audience
  title: string
  /** Plain text (see src/text/plain-text.ts). */
  body: string
  date: string
  href: string
  /**
   * The thread or session the item belongs to, when it is part of one. An item without a title of its
   * own (a reply) is also found by its place's title, so that the words of a question and of its
   * answer find the answer together (as Discourse indexes a topic's title with each post): indexed
   * only, never ranked as the item's own title.
   */
  place: string | null
  /**
   * The text source whose links tell which deals and themes the item is about; null when the item's
   * text is hidden while the item itself is not (a question whose opening post was hidden): nothing
   * the reader cannot read may tie it to a deal.
   */
  links: { type: SourceType; id: number } | null
}

export interface SearchSource {
  /** The documents for these ids; an id that no longer exists or must not be found is left out. */
  describe(db: Database, ids: number[]): Promise<SearchDocument[]>
  listIds(db: Database): Promise<number[]>
}

const registry = new Map<SearchType, SearchSource>()

export function registerSearchSource(type: SearchType, source: SearchSource): void {
  registry.set(type, source)
}

// Control characters that mark highlights in snippets (src/search/fts.ts) never enter the index.
function withoutMarkers(text: string): string {
  return text.replaceAll('\u0002', '').replaceAll('\u0003', '')
}

function rowOf(type: SearchType, doc: SearchDocument, version: number) {
  return {
    id: searchDocId(type, doc.audience, doc.sourceId),
    type,
    source_id: doc.sourceId,
    audience: doc.audience,
    title: withoutMarkers(doc.title),
    body: withoutMarkers(doc.body),
    date: doc.date,
    href: doc.href,
    place: doc.place === null ? null : withoutMarkers(doc.place),
    // Id 0 is no row of any text table, so no link rows join it.
    link_type: doc.links?.type ?? 'post',
    link_id: doc.links?.id ?? 0,
    version,
  }
}

/**
 * Inserts the items' entries and their index text, many to a statement (minutes instead of hours for
 * a whole community), and adds their words to `words`. Each text is cut into words once, for the
 * word list and the pairs alike.
 */
async function indexDocuments(
  db: Database,
  type: SearchType,
  docs: SearchDocument[],
  words: Set<string>,
  /** The content version of the write (src/search/rank-data.ts reads it). */
  version: number,
) {
  const rows = docs.map((doc) => rowOf(type, doc, version))
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('search_doc')
      .values(rows.slice(i, i + 100))
      .execute()
  }
  const texts = rows.map(({ id, title, body, place }) => {
    const context = hasTitles(type) ? '' : (place ?? '')
    const titleWords = tokensOf(title)
    const headWords = context ? [...titleWords, ...tokensOf(context)] : titleWords
    const bodyWords = tokensOf(body)
    for (const word of headWords) words.add(word)
    for (const word of bodyWords) words.add(word)
    // An entry in the titles' index only for a title of its own: replies have none.
    const titlePairs = title !== '' && hasTitles(type) ? pairsOf(titleWords, []) : null
    return { id, title, context, body, pairs: pairsOf(headWords, bodyWords), titlePairs }
  })
  await ftsInsert(db, texts)
}

/** Words stay in the list when their texts go: a stale word only expands to nothing. */
async function addTerms(db: Database, words: Set<string>) {
  const all = [...words]
  for (let i = 0; i < all.length; i += 500) {
    await db
      .insertInto('search_term')
      .values(all.slice(i, i + 500).map((term) => ({ term })))
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

/**
 * Describes these items again and replaces their entries. Call inside the transaction of the write
 * that changed them (also for a delete or hide: an item no longer described leaves the index).
 */
export async function refreshSearch(db: Database, type: SearchType, ids: number[]): Promise<void> {
  const source = registry.get(type)
  if (!source || ids.length === 0) return
  // Every write readers can see passes here, so this is where cached views learn they are stale.
  const version = await bumpContentVersion(db)
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const old = await db
      .selectFrom('search_doc')
      .select('id')
      .where('type', '=', type)
      .where('source_id', 'in', chunk)
      .execute()
    for (const row of old) await ftsDelete(db, row.id)
    if (old.length > 0) {
      await db
        .deleteFrom('search_doc')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .execute()
    }
    const words = new Set<string>()
    await indexDocuments(db, type, await source.describe(db, chunk), words, version)
    await addTerms(db, words)
  }
}

/** Rebuilds the whole index from the registered sources; returns the number of entries. */
export async function reindexAll(db: Database): Promise<number> {
  const version = await bumpContentVersion(db)
  await ftsDeleteAll(db)
  await db.deleteFrom('search_doc').execute()
  await db.deleteFrom('search_term').execute()
  const words = new Set<string>()
  let count = 0
  for (const type of searchTypes) {
    const source = registry.get(type)
    if (!source) continue
    const ids = await source.listIds(db)
    for (let i = 0; i < ids.length; i += 500) {
      const docs = await source.describe(db, ids.slice(i, i + 500))
      await indexDocuments(db, type, docs, words, version)
      count += docs.length
    }
  }
  await addTerms(db, words)
  await ftsOptimize(db)
  return count
}

/**
 * Raise when what the index holds changes (a new source, other text per item, another tokenizer):
 * the next start rebuilds the index once.
 */
export const searchIndexVersion = '8'

/** Rebuilds the index at start when it was built by another version (or never, as after the migration). */
export async function ensureSearchIndex(db: Database): Promise<number | null> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', 'search_index')
    .executeTakeFirst()
  if (row?.value === searchIndexVersion) return null
  return inTransaction(db, async (trx) => {
    const count = await reindexAll(trx)
    const now = new Date().toISOString()
    await trx
      .insertInto('setting')
      .values({ key: 'search_index', value: searchIndexVersion, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: searchIndexVersion, updated_at: now }))
      .execute()
    return count
  })
}
