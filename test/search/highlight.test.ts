// Marking a query's words in titles and snippets (src/search/highlight.ts).
import { describe, expect, test } from 'vitest'
import { highlight, snippet, titleMatches } from '../../src/search/highlight.js'
import { fold, parseQuery } from '../../src/search/query.js'
import { markMatches } from '../../src/search/search.js'

const marked = (text: string) => markMatches(text)

describe('folding by table', () => {
  // What the index's tokenizer does, by its definition: decompose, drop the marks, lower-case.
  const normalized = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()

  test('gives what folding the whole text gives, for every Latin character and beyond', () => {
    const characters = Array.from({ length: 0x400 }, (_, code) => String.fromCharCode(code))
    for (const character of characters) expect(fold(`Ab${character}`)).toBe(normalized(`Ab${character}`))
    // Mixed texts: accents precomposed and combining, ligatures, the Turkish dotted I, final sigma,
    // a surrogate pair, and a mark standing alone.
    for (const text of [
      'Café Zoë ĲSSELMEER Ærø Œuvre',
      'Cafe\u0301 Zoe\u0308 na\u0303o',
      'ǅ ﬁ ß İstanbul ΟΔΟΣ',
      'Ĳzer 😀 Ĳ',
      '\u0301leading',
    ]) {
      expect(fold(text)).toBe(normalized(text))
    }
  })
})

describe('highlight', () => {
  test('marks words without regard to accents or case, as the index matches them', () => {
    expect(marked(highlight('Het Café van Zoë, een Deal', parseQuery('cafe zoe deal')))).toBe(
      'Het <mark>Café</mark> van <mark>Zoë</mark>, een <mark>Deal</mark>',
    )
    // The same text written with combining accents (NFD) is marked in the same places.
    const decomposed = 'Het Cafe\u0301 is open'
    expect(marked(highlight(decomposed, parseQuery('café')))).toBe('Het <mark>Cafe\u0301</mark> is open')
  })

  test('a phrase only where its words stand together; the last word as a start', () => {
    const query = parseQuery('"resultaten borgen" samenw')
    expect(marked(highlight('Borgen van resultaten, resultaten borgen en samenwerking', query))).toBe(
      'Borgen van resultaten, <mark>resultaten borgen</mark> en <mark>samenwerking</mark>',
    )
    expect(titleMatches(query, 'Resultaten borgen in de samenwerking')).toBe(2)
    expect(titleMatches(query, 'Borgen van resultaten')).toBe(0)
  })

  test('a title holds a word only as a whole word, a form of it, or (the last word) its start', () => {
    // A word followed by a space is finished; the last word typed may not be.
    const deal = parseQuery('deal ')
    expect(titleMatches(deal, 'Dealmakers aan tafel')).toBe(0)
    expect(titleMatches(deal, 'De idealen')).toBe(0)
    expect(titleMatches(deal, 'City Deal: de start')).toBe(1)
    expect(titleMatches(deal, 'idealen en één deal')).toBe(1)
    expect(titleMatches(deal, 'Over de deal')).toBe(1)
    expect(titleMatches(parseQuery('deal'), 'Dealmakers aan tafel')).toBe(1)
    expect(titleMatches(parseQuery('deal'), 'De idealen')).toBe(0)
    // The other forms in number count as the word, whole.
    const withForms = { ...deal, items: deal.items.map((item) => ({ ...item, forms: ['deals'] })) }
    expect(titleMatches(withForms, 'Twee Deals, één regio')).toBe(1)
    expect(titleMatches(withForms, 'Dealsluiting')).toBe(0)
    // Diacritics fold either way, and each item counts once however often it stands there.
    expect(titleMatches(parseQuery('cafe zoe '), 'Het café van Zoë, het café')).toBe(2)
    expect(titleMatches(parseQuery('café '), 'Het Cafe\u0301 is open')).toBe(1)
    // A word longer than the index keeps is compared by its kept start, as the index does.
    expect(titleMatches(parseQuery(`${'x'.repeat(64)} `), `${'x'.repeat(70)} titel`)).toBe(1)
  })

  test('user text stays escaped around the marks', () => {
    expect(marked(highlight('<b>NEN</b> & normcommissie', parseQuery('normcommissie')))).toBe(
      '&#60;b&#62;NEN&#60;/b&#62; &#38; <mark>normcommissie</mark>',
    )
  })
})

describe('snippet', () => {
  const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `woord${from + i}`).join(' ')

  test('about 24 words around the best place, with … where the text goes on', () => {
    const text = `${words(40)} de stikstofdeal en de gemeente ${words(40, 100)}`
    const result = marked(snippet(text, parseQuery('stikstofdeal gemeente')))
    expect(
      result.startsWith('…woord38 woord39 de <mark>stikstofdeal</mark> en de <mark>gemeente</mark>'),
    ).toBe(true)
    expect(result.endsWith('…')).toBe(true)
    expect(result.split(' ').length).toBe(24)
  })

  test('a short text whole; the opening words when only the title matched', () => {
    expect(marked(snippet('Kort en goed: de deal.', parseQuery('deal')))).toBe(
      'Kort en goed: de <mark>deal</mark>.',
    )
    expect(marked(snippet(words(30), parseQuery('anders')))).toBe(`${words(24)}…`)
  })

  test('prefers the place where more of the words occur together', () => {
    const text = `normcommissie ${words(30)} normcommissie en NEN ${words(30, 50)}`
    const result = marked(snippet(text, parseQuery('normcommissie nen')))
    expect(result).toContain('<mark>normcommissie</mark> en <mark>NEN</mark>')
  })
})

describe('snippets of several lines', () => {
  test('a line without punctuation is set off from the next; a sentence just goes on', () => {
    const text = 'Ruben Hoekstra\nDoel\nBinnensteden leefbaar maken.\nDe rest volgt.'
    expect(marked(snippet(text, parseQuery('binnensteden')))).toBe(
      'Ruben Hoekstra · Doel · <mark>Binnensteden</mark> leefbaar maken. De rest volgt.',
    )
  })

  test('a long run of spaces, with or without a line break, is read once', () => {
    // Quadratic work here took seconds a snippet (a reviewer's find): the test would time out.
    const spaces = ' '.repeat(200_000)
    expect(marked(snippet(`ijsvogel${spaces}x`, parseQuery('ijsvogel')))).toBe('<mark>ijsvogel</mark> x')
    expect(marked(snippet(`ijsvogel${spaces}\n${spaces}x`, parseQuery('ijsvogel')))).toBe(
      '<mark>ijsvogel</mark> · x',
    )
  })
})
