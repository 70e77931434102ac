// Turns whatever a person types into a safe FTS5 expression. Nothing of the input reaches FTS5 as
// syntax: every word becomes a quoted token list, so quotes, stars, brackets, colons, AND/OR/NEAR and
// the like are only ever searched for as words (or ignored when they are not letters or digits).

/**
 * Words so common in Dutch (and English) text that they say nothing about what is searched for, and
 * that occur in nearly every post: searching for them would rank the whole community.
 */
const stopWords = new Set(
  `aan al als bij dan dat de der des die dit door dus een en er ge geen haar hem het hen hier hij hun
  ik in is je jij kan maar me men met mij mijn na naar niet nog nu of om omdat ons onze ook op over
  te tot u uit van veel voor want was wat we wel werd wie wij wordt worden ze zich zij zijn zo zou
  hoe waarom welke welk wanneer waar bent heb hebt heeft hebben kun kunt kunnen moet moeten doe doet doen
  weet weten zit zitten
  a an and are as at be by for from has have in is it its of on or that the this to was were will with`
    .split(/\s+/)
    .filter(Boolean),
)

export interface QueryItem {
  /** Folded tokens (lower case, no diacritics): one for a word, several for a phrase. */
  tokens: string[]
  /** The last word typed: matches words that start with it. */
  prefix: boolean
  /** Typed in quotes: looked for as written, without other forms. */
  exact?: true
  /** Other words typed with OR between them (`stuurgroep OR regiegroep`): any of them will do. */
  alternatives?: string[]
  /**
   * A word's other forms in number that the community's texts hold (src/search/word-forms.ts), and its
   * alternatives with theirs, also looked for; set by search, which knows the word list.
   */
  forms?: string[]
}

/** Between two words, either will do: OR as search engines write it, OF in Dutch; in capitals only. */
const eitherWords = new Set(['OR', 'OF'])

export interface ParsedQuery {
  items: QueryItem[]
  /** The input had words, but only ones too common to search for. */
  onlyStopWords: boolean
}

/** Longest input considered; the rest is ignored rather than refused. */
export const maxQueryLength = 300
const maxItems = 12
const maxTokenLength = 64
const minPrefixLength = 2

/**
 * Lower case without diacritics: what FTS5's unicode61 tokenizer with remove_diacritics does. NFD,
 * not NFKD: the tokenizer keeps ligatures such as ĳ and ﬁ as they are.
 */
function foldByNormalizing(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

function onlyAscii(text: string): boolean {
  for (let at = 0; at < text.length; at++) if (text.charCodeAt(at) > 0x7f) return false
  return true
}

function inFoldTable(code: number): boolean {
  return code < 0x250 || (code >= 0x300 && code < 0x370)
}

function onlyInFoldTable(text: string): boolean {
  for (let at = 0; at < text.length; at++) if (!inFoldTable(text.charCodeAt(at))) return false
  return true
}

/**
 * The fold of each character of the Latin ranges and the combining accents, worked out once: folding
 * then looks characters up instead of normalizing the whole text (search folds up to 300 titles and
 * 20 snippets a search; normalizing took 140 us of a 1.8 ms search, measured with `npm run bench`).
 * Decomposition, removing the marks and lower-casing all work character by character for these, so
 * folding them one by one gives what folding the text does.
 */
const latinFolds: readonly string[] = Array.from({ length: 0x370 }, (_, code) =>
  inFoldTable(code) ? foldByNormalizing(String.fromCharCode(code)) : '',
)
const nonAscii = /[\u0080-\uffff]/g

/** Lower case without diacritics, as the index reads text; by table for Latin text (nearly all here). */
export function fold(text: string): string {
  if (onlyAscii(text)) return text.toLowerCase()
  if (!onlyInFoldTable(text)) return foldByNormalizing(text)
  return text.replace(nonAscii, (character) => latinFolds[character.charCodeAt(0)] as string).toLowerCase()
}

/**
 * Neighbouring words joined into one token, indexed beside the words (the `pairs` column): a phrase
 * then becomes a lookup of rare tokens instead of a position check in every text that has its words,
 * which grew with the community (0.6 ms a phrase over 500,000 posts). The joiner is a letter, so the
 * tokenizer keeps a pair whole, and one that Dutch and English text never holds.
 */
const pairJoiner = '\u01c1'

/** The words of a text as the index sees them: folded, split at everything but letters and digits. */
export function tokensOf(text: string): string[] {
  // The pair joiner is a letter, but never part of a word: typed, it would match every pair.
  return (
    fold(text)
      .replaceAll(pairJoiner, ' ')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).map((t) => t.slice(0, maxTokenLength))
}

/** The pair tokens of a title's and a body's words (from tokensOf); no pair spans the two. */
export function pairsOf(titleWords: readonly string[], bodyWords: readonly string[]): string {
  const pairs: string[] = []
  for (const words of [titleWords, bodyWords]) {
    for (let i = 1; i < words.length; i++) pairs.push(`${words[i - 1]}${pairJoiner}${words[i]}`)
    // A lone joiner between the two keeps the last title pair and the first body pair from standing
    // side by side, which a phrase of three words could otherwise match.
    pairs.push(pairJoiner)
  }
  return pairs.join(' ')
}

/**
 * A plural written with an apostrophe (thema's, regio’s, agenda's) as its singular, which also finds
 * the plural: the index cuts "thema's" into "thema" and "s". Searched as typed, it asked for both and
 * found no text that has only the singular.
 */
function withoutApostropheS(word: string): string {
  return word.replace(/(\p{L})['’‘`´]s$/iu, '$1')
}

/** Invisible characters a pasted word may hold (zero-width spaces and joiners, soft hyphens). */
const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff]/g

export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, maxQueryLength).replace(invisible, '')
  const items: QueryItem[] = []
  let sawWords = false
  // Whether the last word read was an OR, and the next word an alternative of the word before it.
  let either = false
  // Quoted phrases first; an unclosed quote runs to the end.
  const parts = text.split('"')
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1
    const chunks = quoted ? [part] : part.split(/\s+/).map(withoutApostropheS)
    for (const chunk of chunks) {
      if (!quoted && eitherWords.has(chunk)) {
        either = items.length > 0
        continue
      }
      const tokens = tokensOf(chunk)
      if (tokens.length === 0) continue
      sawWords = true
      const previous = items.at(-1)
      const word = tokens[0] as string
      if (
        either &&
        !quoted &&
        tokens.length === 1 &&
        !isStopWord(word) &&
        previous &&
        isSingleWord(previous)
      ) {
        previous.alternatives = [...(previous.alternatives ?? []), word]
        either = false
        continue
      }
      either = false
      // The words of a phrase ("Regio-Deal" too) must stand together; the index looks a phrase up by
      // its pairs, which are rare even when their words are common. Not so pairs with a very common
      // word ("van de", "de gemeente"): a rare phrase of such pairs made FTS5 check positions in most
      // texts (12 ms over 500,000 posts, growing with the community), so the phrase is split there.
      for (const run of runsWithoutStopWords(tokens))
        items.push(quoted ? { tokens: run, prefix: false, exact: true } : { tokens: run, prefix: false })
    }
  })
  // The last word typed, when the text ends in it, may be unfinished.
  const last = items.at(-1)
  const finalWord = /[\p{L}\p{N}]$/u.test(text) ? tokensOf(text).at(-1) : undefined
  if (last && finalWord && last.tokens.at(-1) === finalWord && finalWord.length >= minPrefixLength) {
    last.prefix = true
  }
  const unique = dedupe(items).slice(0, maxItems)
  return { items: unique, onlyStopWords: unique.length === 0 && sawWords }
}

/** One word, not in quotes: what may have other forms, alternatives and corrections. */
export function isSingleWord(item: QueryItem): boolean {
  return item.tokens.length === 1 && !item.exact
}

export function isStopWord(token: string): boolean {
  return stopWords.has(token)
}

function runsWithoutStopWords(tokens: string[]): string[][] {
  const runs: string[][] = [[]]
  for (const token of tokens) {
    if (stopWords.has(token)) runs.push([])
    else runs.at(-1)?.push(token)
  }
  return runs.filter((run) => run.length > 0)
}

function dedupe(items: QueryItem[]): QueryItem[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const key = `${[item.tokens.join(' '), ...(item.alternatives ?? [])].join('|')}${item.prefix ? '*' : ''}`
    return seen.has(key) ? false : seen.add(key)
  })
}

/**
 * Whole words an unfinished last word stands for, found in the index's word list; the key is the
 * prefix. Prefixes of two to four letters have an FTS5 prefix index and need no expansion.
 */
export type Expansions = Map<string, string[]>
export const minExpandedPrefix = 5

function quoted(tokens: string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`
}

/** A phrase as its neighbouring pairs, themselves a phrase: "a b c" is "a|b b|c" (each pair once). */
function pairPhrase(tokens: string[]): string[] {
  return tokens.slice(1).map((token, i) => `${tokens[i]}${pairJoiner}${token}`)
}

/**
 * An unfinished last word of a phrase shorter than this is looked for on its own (with the prefix
 * index), not as the start of a pair: "gemeente re" would merge the lists of every pair from
 * "gemeente re…" on (5 ms over 500,000 posts).
 */
const minPairPrefix = 3

/** Any of the terms (each already quoted, or a quoted start with *). */
function anyOf(terms: string[]): string {
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`
}

function quotedWords(words: string[]): string[] {
  return words.map((word) => quoted([word]))
}

function itemExpression(item: QueryItem, expansions: Expansions): string {
  const { tokens, prefix, forms = [] } = item
  const last = tokens.at(-1) ?? ''
  if (tokens.length > 1 && prefix && last.length < minPairPrefix) {
    const whole = tokens.slice(0, -1)
    return `${whole.length > 1 ? quoted(pairPhrase(whole)) : quoted(whole)} AND ${quoted([last])}*`
  }
  // An unfinished last word of a phrase becomes an unfinished last pair: its first word is complete.
  if (tokens.length > 1) return `${quoted(pairPhrase(tokens))}${prefix ? '*' : ''}`
  if (!prefix) return anyOf(quotedWords([last, ...forms]))
  const words = expansions.get(last)
  // Without a list of the words it stands for: FTS5's own prefix match.
  if (!words) return anyOf([`${quoted(tokens)}*`, ...quotedWords(forms)])
  const all = [...new Set([...words, ...forms])]
  // No known word starts with it: the literal word, which then matches nothing.
  if (all.length === 0) return quoted(tokens)
  return anyOf(quotedWords(all))
}

/**
 * A parsed query written out again, so that parsing it gives the same items: phrases in quotes, and
 * a space at the end unless the last word is unfinished.
 */
export function queryText(query: ParsedQuery): string {
  const last = query.items.length - 1
  const text = query.items.map((item, index) => {
    if (isSingleWord(item)) return [item.tokens[0], ...(item.alternatives ?? [])].join(' OR ')
    // An unfinished phrase at the end stays open, as typed.
    return `"${item.tokens.join(' ')}${index === last && item.prefix ? '' : '"'}`
  })
  return `${text.join(' ')}${query.items[last]?.prefix ? '' : ' '}`
}

/** The FTS5 MATCH expression: every item must occur. */
export function matchExpression(query: ParsedQuery, expansions: Expansions = new Map()): string {
  return query.items.map((item) => itemExpression(item, expansions)).join(' AND ')
}

/**
 * For texts indexed with the title of what they stand in (a reply, with its thread's): every item
 * must occur, and at least one in the text itself. Otherwise a word of a thread's title found every
 * reply of the thread, none of which need say anything about it. A single word is looked for in the
 * text's words alone, since an unfinished one would also match the start of the title's pairs.
 */
export function ownTextExpression(query: ParsedQuery, expansions: Expansions = new Map()): string {
  const own = query.items.map((item) => {
    const columns = item.tokens.length === 1 ? 'body' : 'body pairs'
    return `{${columns}} : (${itemExpression(item, expansions)})`
  })
  return `(${matchExpression(query, expansions)}) AND (${own.join(' OR ')})`
}
