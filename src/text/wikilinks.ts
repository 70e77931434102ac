// The one link extractor: finds [[Title]], [[Title|label]] and [[Title#Heading|label]] in markdown and
// records each with a one-line context snippet. The renderer (markdown.ts) uses the same parser.
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

/** Every distinct link target in a text, with the context of its first mention. */
export function extractLinks(markdown: string): ExtractedLink[] {
  const seen = new Map<string, ExtractedLink>()
  for (const match of markdown.matchAll(wikilinkPattern)) {
    const link = parseWikilink({ title: match[1] ?? '', heading: match[2], label: match[3] })
    if (!link || seen.has(link.slug)) continue
    if (seen.size >= maxLinksPerText) break
    const start = match.index ?? 0
    seen.set(link.slug, {
      targetTitle: link.title,
      targetSlug: link.slug,
      snippet: snippetAround(markdown, start, start + match[0].length),
    })
  }
  return [...seen.values()]
}
