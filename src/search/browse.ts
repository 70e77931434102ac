// Everything that mentions a page (a deal, a theme), newest first: the search page without words, and
// where a page's "Mentioned in" list leads when it is longer than the page shows.
import type { Database } from '../db/database.js'
import { type SearchType, searchTypes } from './doc-ids.js'
import {
  type Facet,
  headingOf,
  resultOf,
  resultsPerPage,
  type SearchFilters,
  type SearchOutcome,
} from './search.js'

export async function browseLinked(
  db: Database,
  slugs: string[],
  filters: Omit<SearchFilters, 'linkedTo'>,
  viewer: { moderator: boolean },
  page = 1,
): Promise<SearchOutcome> {
  // One row per entry: a text that links the page by an old and a new title is one mention.
  let query = db
    .selectFrom('link')
    .innerJoin('search_doc', (join) =>
      join
        .onRef('search_doc.link_type', '=', 'link.source_type')
        .onRef('search_doc.link_id', '=', 'link.source_id'),
    )
    .select([
      'search_doc.id',
      'search_doc.type',
      'search_doc.title',
      'search_doc.date',
      'search_doc.href',
      'search_doc.place',
      (eb) => eb.fn.min('link.snippet').as('snippet'),
    ])
    .where('link.target_slug', 'in', slugs)
    .groupBy('search_doc.id')
  if (!viewer.moderator) query = query.where('search_doc.audience', '=', 'all')
  if (filters.from) query = query.where('search_doc.date', '>=', filters.from)
  if (filters.until) query = query.where('search_doc.date', '<', filters.until)
  const rows = await query.execute()

  const counts = new Map<SearchType, number>()
  for (const row of rows) counts.set(row.type, (counts.get(row.type) ?? 0) + 1)
  const facets: Facet[] = searchTypes
    .filter((type) => counts.has(type))
    .map((type) => ({ type, count: counts.get(type) ?? 0, capped: false }))
  const shown = rows
    .filter((row) => !filters.type || row.type === filters.type)
    .sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id)
  const pageCount = Math.max(1, Math.ceil(shown.length / resultsPerPage))
  const current = Math.min(Math.max(1, page), pageCount)
  return {
    status: 'ok',
    results: shown
      .slice((current - 1) * resultsPerPage, current * resultsPerPage)
      // The line around the link, as "Mentioned in" shows it.
      .map((row) => resultOf(row, headingOf(row), row.snippet ?? '')),
    facets,
    total: shown.length,
    capped: false,
    page: current,
    pageCount,
    older: null,
  }
}
