// The one link extractor: finds [[Title]], [[Title|label]] and [[Title#Heading|label]] in markdown and
// records each with a one-line context snippet. The renderer (markdown.ts) uses the same parser.
import { Marked, type Token } from 'marked'
import { plainLine } from './plain-text.js'
import { slugify } from './slug.js'

export interface Wikilink {
  title: string
  heading: string | null
  label: string | null
  slug: string
}

export interface ExtractedLink {
  targetTitle: string
  targetSlug: string
  snippet: string
}

// No brackets or line breaks inside; at most 200 characters, so a stray [[ cannot swallow a document.
export const wikilinkPattern = /\[\[([^[\]\n|#]{1,200})(?:#([^[\]\n|]{1,200}))?(?:\|([^[\]\n]{1,200}))?\]\]/g

export function parseWikilink(inner: { title: string; heading?: string; label?: string }): Wikilink | null {
  const title = inner.title.trim()
  const slug = slugify(title)
  if (!slug) return null
  return { title, heading: inner.heading?.trim() || null, label: inner.label?.trim() || null, slug }
}

const snippetLength = 180
/** How much text either side of a link is looked at: keeps snippet work constant per link. */
const snippetWindow = 400
/** A text links to at most this many distinct targets; more is a list, not prose. */
export const maxLinksPerText = 300

/** A readable line of text around a position: markdown markers removed, links shown as their labels. */
function snippetAround(markdown: string, start: number, end: number): string {
  const lineStart = Math.max(markdown.lastIndexOf('\n', start) + 1, start - snippetWindow)
  const lineEndRaw = markdown.indexOf('\n', end)
  const lineEnd = Math.min(lineEndRaw === -1 ? markdown.length : lineEndRaw, end + snippetWindow)
  const before = plainLine(markdown.slice(lineStart, start))
  const line = plainLine(markdown.slice(lineStart, lineEnd))
  const offset = before.length
  const clippedStart = lineStart > 0 && markdown[lineStart - 1] !== '\n'
  const clippedEnd = lineEnd < markdown.length && markdown[lineEnd] !== '\n'
  if (line.length <= snippetLength && !clippedStart && !clippedEnd) return line.trim()
  const from = Math.max(0, Math.min(offset - snippetLength / 2, line.length - snippetLength))
  const cut = line.slice(from, from + snippetLength)
  const head = from > 0 || clippedStart ? '…' : ''
  const tail = from + snippetLength < line.length || clippedEnd ? '…' : ''
  return `${head}${cut.trim()}${tail}`
}

// Links are read with marked's own lexer, configured as the renderer is (GFM, the same [[ tokenizer), so
// a [[link]] in a code span, a code block or raw HTML, which the renderer shows as text, is not recorded
// either: a second, hand-written notion of "code" would drift from the renderer's.
const anchoredWikilink = new RegExp(`^${wikilinkPattern.source}`)

/** marked's inline tokenizer for [[links]]: the renderer (markdown.ts) adds its renderer to this one. */
export const wikilinkTokenizer = {
  name: 'wikilink',
  level: 'inline' as const,
  start: (src: string) => src.indexOf('[['),
  tokenizer(src: string) {
    const match = anchoredWikilink.exec(src)
    if (!match) return undefined
    return { type: 'wikilink', raw: match[0], title: match[1] ?? '', heading: match[2], label: match[3] }
  },
}

const lexer = new Marked({ gfm: true, breaks: false, async: false })
lexer.use({ extensions: [wikilinkTokenizer] })

interface WikilinkToken {
  raw: string
  title: string
  heading?: string
  label?: string
}

/** Tokens whose content the renderer shows as typed, never as links. */
const literalTokens = new Set(['code', 'codespan', 'html', 'image'])

/** A text marked reads (the whole text, or a token's inner text) and where its offsets lie in the whole. */
interface Frame {
  text: string
  /** Null where marked rewrote the text in a way that cannot be traced back. */
  toSource: ((offset: number) => number) | null
}

/**
 * The frame of a token's inner text. Inline tokens read a verbatim part of their raw text; quotes and
 * list items read their lines without the quote markers or indentation, so each line of the inner
 * text is the end of a line of the raw text.
 */
function innerFrame(token: Token & { text: string }, at: number | null, outer: Frame): Frame {
  const { raw, text } = token
  const toOuter = outer.toSource
  if (at === null || toOuter === null) return { text, toSource: null }
  const offset = raw.indexOf(text)
  if (offset !== -1) return { text, toSource: (o) => toOuter(at + offset + o) }
  const rawLines = raw.split('\n')
  const textLines = text.split('\n')
  if (textLines.length > rawLines.length || textLines.some((line, i) => !rawLines[i]?.endsWith(line)))
    return { text, toSource: null }
  // For each line: where it starts in the inner text, and where in the raw text.
  const textStarts: number[] = []
  const rawStarts: number[] = []
  let rawStart = 0
  let textStart = 0
  textLines.forEach((line, i) => {
    const rawLine = rawLines[i] ?? ''
    textStarts.push(textStart)
    rawStarts.push(rawStart + rawLine.length - line.length)
    rawStart += rawLine.length + 1
    textStart += line.length + 1
  })
  return {
    text,
    toSource: (o) => {
      let low = 0
      let high = textStarts.length - 1
      while (low < high) {
        const mid = (low + high + 1) >> 1
        if ((textStarts[mid] ?? 0) <= o) low = mid
        else high = mid - 1
      }
      return toOuter(at + (rawStarts[low] ?? 0) + o - (textStarts[low] ?? 0))
    },
  }
}

/**
 * The wikilink tokens of a text in reading order, each with its offset in the text (for the snippet).
 * Tokens carry no offsets: each is found where its previous sibling ended, and a link whose place
 * cannot be traced (inside a table cell) is looked up from the last place known.
 */
function wikilinkTokens(source: string): { token: WikilinkToken; at: number }[] {
  const found: { token: WikilinkToken; at: number }[] = []
  let known = 0
  const locate = (raw: string) => {
    const at = source.indexOf(raw, known)
    return at === -1 ? Math.max(0, source.indexOf(raw)) : at
  }
  const walk = (tokens: Token[], frame: Frame) => {
    let at: number | null = 0
    for (const token of tokens) {
      let position: number | null = null
      if (at !== null && frame.text.startsWith(token.raw, at)) position = at
      else if (at !== null) {
        // Some block tokens leave their trailing blank lines to the next one.
        let from: number = at
        while (frame.text[from] === '\n' || frame.text[from] === ' ') from += 1
        if (frame.text.startsWith(token.raw, from)) position = from
      }
      const absolute = position !== null && frame.toSource ? frame.toSource(position) : null
      if (token.type === 'wikilink') {
        const offset = absolute ?? locate(token.raw)
        found.push({ token: token as unknown as WikilinkToken, at: offset })
        known = Math.max(known, offset + token.raw.length)
      } else if (token.type === 'list') {
        walk(token.items, innerFrame({ ...token, text: token.raw }, position, frame))
      } else if (token.type === 'table') {
        for (const cell of [...token.header, ...token.rows.flat()])
          walk(cell.tokens, { text: '', toSource: null })
      } else if (!literalTokens.has(token.type) && 'tokens' in token && token.tokens && 'text' in token) {
        walk(token.tokens, innerFrame(token as Token & { text: string }, position, frame))
      }
      at = position === null ? null : position + token.raw.length
      if (absolute !== null) known = Math.max(known, absolute + token.raw.length)
    }
  }
  walk(lexer.lexer(source), { text: source, toSource: (o) => o })
  return found
}

/** Every distinct link target in a text, with the context of its first mention. */
export function extractLinks(markdown: string): ExtractedLink[] {
  // marked reads line breaks this way too; offsets refer to the text as it reads it.
  const source = markdown.replace(/\r\n?/g, '\n')
  const seen = new Map<string, ExtractedLink>()
  for (const { token, at } of wikilinkTokens(source)) {
    const link = parseWikilink(token)
    if (!link || seen.has(link.slug)) continue
    if (seen.size >= maxLinksPerText) break
    seen.set(link.slug, {
      targetTitle: link.title,
      targetSlug: link.slug,
      snippet: snippetAround(source, at, at + token.raw.length),
    })
  }
  return [...seen.values()]
}
