// Where a query's words stand in a text: to weigh titles, and to mark the words in a result's title
// and in a snippet of its text. Done here rather than with FTS5's highlight() and snippet(): those
// look every result up in the index again (20 lookups a page, most of a search's time on a large
// community, measured with `npm run bench`).
import { fold, type ParsedQuery, type QueryItem } from './query.js'

/** A word of a text: where it stands, and how the index sees it (folded). */
interface Word {
  start: number
  end: number
  folded: string
}

const wordWithMarksPattern = /[\p{L}\p{M}\p{N}]+/gu
const letterOrDigit = /[\p{L}\p{N}]/u
const maxWordLength = 64

function isWordCharacter(code: number, text: string, at: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
  }
  return letterOrDigit.test(text[at] as string)
}

/** The words of folded text, found character by character (folded text is nearly all ASCII). */
function wordsOfFolded(folded: string): Word[] {
  const words: Word[] = []
  let start = -1
  for (let at = 0; at <= folded.length; at++) {
    const inWord = at < folded.length && isWordCharacter(folded.charCodeAt(at), folded, at)
    if (inWord && start < 0) start = at
    else if (!inWord && start >= 0) {
      words.push({ start, end: at, folded: folded.slice(start, Math.min(at, start + maxWordLength)) })
      start = -1
    }
  }
  return words
}

function wordsOf(text: string): Word[] {
  const folded = fold(text)
  // Usually folding keeps every character in its place (é becomes e): the words of the folded text
  // then stand where they stand in the text. Otherwise each word is folded on its own.
  if (folded.length === text.length) return wordsOfFolded(folded)
  return Array.from(text.matchAll(wordWithMarksPattern), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: fold(m[0]).slice(0, maxWordLength),
  })).filter((word) => word.folded.length > 0)
}

interface Occurrence {
  item: number
  /** Index of the first word and how many words (a phrase). */
  first: number
  count: number
}

/** Every place an item of the query occurs: a phrase as consecutive words, the unfinished word as a start. */
function occurrences(query: ParsedQuery, words: readonly { folded: string }[]): Occurrence[] {
  const found: Occurrence[] = []
  query.items.forEach((item, itemIndex) => {
    const { tokens, prefix, forms } = item
    const last = tokens.length - 1
    for (let first = 0; first + last < words.length; first++) {
      let i = 0
      for (; i <= last; i++) {
        const word = (words[first + i] as { folded: string }).folded
        const token = tokens[i] as string
        if (prefix && i === last ? word.startsWith(token) : word === token) continue
        if (forms?.includes(word)) continue
        break
      }
      if (i > last) found.push({ item: itemIndex, first, count: tokens.length })
    }
  })
  return found.sort((a, b) => a.first - b.first)
}

/** How many of the query's items occur in the title. */
export function titleMatches(query: ParsedQuery, title: string, folded = fold(title)): number {
  // Where folding kept every character in its place (nearly always) and the items are single words,
  // each is looked for in place: cutting the title into words cost ranking 2 us a title that holds a
  // common word (measured over the benchmark's query mix: 85 of its 1,140 us a search).
  if (folded.length === title.length && query.items.every((item) => item.tokens.length === 1)) {
    let count = 0
    for (const item of query.items) {
      const word = item.tokens[0] as string
      if (
        holdsWord(folded, word, item.prefix) ||
        item.forms?.some((form) => holdsWord(folded, form, false))
      ) {
        count++
      }
    }
    return count
  }
  const mayHold = (item: QueryItem) =>
    folded.includes(item.tokens[0] as string) || item.forms?.some((form) => folded.includes(form))
  if (!query.items.some(mayHold)) return 0
  return new Set(occurrences(query, wordsOf(title)).map((o) => o.item)).size
}

/**
 * Whether the folded text has `word` as a whole word (as its start, for an unfinished word): what
 * cutting the text into words with wordsOfFolded and comparing would say, without the cutting.
 */
function holdsWord(folded: string, word: string, prefix: boolean): boolean {
  for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
    if (at > 0 && isWordCharacter(folded.charCodeAt(at - 1), folded, at - 1)) continue
    const end = at + word.length
    // A word is compared by its first maxWordLength characters, as the index cuts it.
    if (prefix || word.length >= maxWordLength || end === folded.length) return true
    if (!isWordCharacter(folded.charCodeAt(end), folded, end)) return true
  }
  return false
}

/** The words of the query in the text between \u0002 and \u0003, which indexed text never contains. */
function mark(text: string, words: Word[], found: Occurrence[], from: number, to: number): string {
  let out = ''
  let at = from
  for (const occurrence of found) {
    const first = words[occurrence.first] as Word
    const last = words[occurrence.first + occurrence.count - 1] as Word
    if (first.start < at || last.end > to) continue
    out += `${text.slice(at, first.start)}\u0002${text.slice(first.start, last.end)}\u0003`
    at = last.end
  }
  return out + text.slice(at, to)
}

/** The whole text with the query's words marked (for titles). */
export function highlight(text: string, query: ParsedQuery): string {
  const words = wordsOf(text)
  return mark(text, words, occurrences(query, words), 0, text.length)
}

/**
 * About `length` words of the text around the place where most of the query's items occur together,
 * with the words marked and "…" where the text goes on; the opening words when none occur.
 */
export function snippet(text: string, query: ParsedQuery, length = 24): string {
  const words = wordsOf(text)
  if (words.length === 0) return ''
  const found = occurrences(query, words)
  let start = 0
  let best = -1
  // Which items a window holds, reused for every window: a common word occurs dozens of times in a
  // text, and a set per window made the snippets most of a search's garbage (measured: 280 KB a search).
  const inWindow = new Uint8Array(query.items.length)
  for (const occurrence of found) {
    // A few words of lead-in before the first match of the window.
    const candidate = Math.max(0, occurrence.first - 3)
    inWindow.fill(0)
    let inside = 0
    for (const o of found) {
      if (o.first < candidate || o.first + o.count > candidate + length || inWindow[o.item]) continue
      inWindow[o.item] = 1
      inside++
    }
    if (inside > best) {
      best = inside
      start = candidate
    }
  }
  // Near the end of the text, the window reaches back to stay `length` words long.
  start = Math.max(0, Math.min(start, words.length - length))
  const end = Math.min(words.length, start + length)
  const from = start === 0 ? 0 : (words[start] as Word).start
  const to = end === words.length ? text.length : (words[end - 1] as Word).end
  const marked = mark(text, words, found, from, to)
  return `${start > 0 ? '…' : ''}${betweenLines(marked)}${end < words.length ? '…' : ''}`
}

/**
 * Line breaks and spaces as a snippet shows them: a line that ends without punctuation (a heading, a page's
 * one-line field such as its project lead) is set off by a dot, where a space alone ran it into the
 * next line ("Ruben Hoekstra Doel Binnensteden…").
 */
function betweenLines(text: string): string {
  // Split and joined rather than replaced by a pattern: a pattern around the line break that also takes
  // the spaces beside it backtracks through a long run of spaces (a post may hold 50,000). Runs of
  // spaces become one, as the browser shows them, so such a run does not fill the page either.
  let out = ''
  for (const line of text.split('\n')) {
    const trimmed = line.trim().replace(spaceRun, ' ')
    if (trimmed === '') continue
    out += out === '' ? trimmed : `${endsSentence.test(out) ? ' ' : ' · '}${trimmed}`
  }
  return out
}

const endsSentence = /[.!?:;,…]$/
const spaceRun = /\s{2,}/g
