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
const maxScanned = 5000

/**
 * The known words nearest to `word` (a folded token), nearest first: the fewest edits, then the
 * closest in length, then alphabetical; at most `count`. The word list holds every word ever indexed,
 * also of hidden and deleted texts: the caller must check what a candidate finds for the reader.
 */
export async function nearestKnownWords(db: Database, word: string, count: number): Promise<string[]> {
  if (word.length < 4 || word.length > maxWordLength) return []
  const limit = allowedEdits(word)
  const start = word.slice(0, 2)
  const rows = await db
    .selectFrom('search_term')
    .select('term')
    .where('term', '>=', start)
    .where('term', '<', `${start}\uffff`)
    .where(sql<number>`length(term)`, '>=', word.length - limit)
    .where(sql<number>`length(term)`, '<=', word.length + limit)
    .orderBy('term')
    .limit(maxScanned)
    .execute()
  const near: { term: string; edits: number }[] = []
  for (const { term } of rows) {
    if (term === word) continue
    const edits = editDistance(word, term, limit)
    if (edits <= limit) near.push({ term, edits })
  }
  return near
    .sort(
      (a, b) =>
        a.edits - b.edits ||
        Math.abs(a.term.length - word.length) - Math.abs(b.term.length - word.length) ||
        (a.term < b.term ? -1 : 1),
    )
    .slice(0, count)
    .map((n) => n.term)
}

/** Longer "words" are no typos (a pasted identifier, a run of letters). */
const maxWordLength = 30
