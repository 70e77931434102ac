// The word a mistyped search word was probably meant to be: the nearest word the community's texts
// hold (search_term), by edit distance, among words that start with the same two letters and are
// about as long. Only asked for a search that found nothing.
import { sql } from 'kysely'
import type { Database } from '../db/database.js'

/** Edits allowed: one for a word of up to five letters, two for a longer one. */
function allowedEdits(word: string): number {
  return word.length <= 5 ? 1 : 2
}

/**
 * Optimal string alignment distance (insert, delete, replace, swap two neighbours: "stuurgrope" is one
 * swap from "stuurgroep"), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let twoBack: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (twoBack[j - 2] as number) + 1)
      }
      current.push(value)
      if (value < best) best = value
    }
    if (best > limit) return limit + 1
    twoBack = previous
    previous = current
  }
  return previous[b.length] as number
}

/** Words of the list that start like `word` are read at most this many (a bound on the work). */
const maxScanned = 20000

/**
 * The known word nearest to `word` (a folded token), or null: the fewest edits, then the one closest
 * in length, then the first in alphabetical order. Null also for a word the list holds.
 */
export async function nearestKnownWord(db: Database, word: string): Promise<string | null> {
  if (word.length < 4) return null
  const limit = allowedEdits(word)
  const start = word.slice(0, 2)
  const rows = await db
    .selectFrom('search_term')
    .select('term')
    .where('term', '>=', start)
    .where('term', '<', `${start}\uffff`)
    .where(sql<number>`length(term)`, '>=', word.length - limit)
    .where(sql<number>`length(term)`, '<=', word.length + limit)
    .limit(maxScanned)
    .execute()
  let best: { term: string; edits: number } | null = null
  for (const { term } of rows) {
    if (term === word) return null
    const edits = editDistance(word, term, best ? Math.min(limit, best.edits) : limit)
    if (edits > limit) continue
    const better =
      !best ||
      edits < best.edits ||
      (edits === best.edits && Math.abs(term.length - word.length) < Math.abs(best.term.length - word.length))
    if (better) best = { term, edits }
  }
  return best?.term ?? null
}
