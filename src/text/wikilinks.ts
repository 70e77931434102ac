// The one link extractor: finds [[Title]], [[Title|label]] and [[Title#Heading|label]] in markdown and
// records each with a one-line context snippet. The renderer (markdown.ts) uses the same parser.
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

/** A readable line of text around a position: markdown markers removed, links shown as their labels. */
function snippetAround(markdown: string, start: number, end: number): string {
  const lineStart = markdown.lastIndexOf('\n', start) + 1
  const lineEnd = markdown.indexOf('\n', end)
  let line = markdown.slice(lineStart, lineEnd === -1 ? undefined : lineEnd)
  let offset = start - lineStart
  // Readable text: labels for links, no emphasis or heading markers.
  const plain = (text: string) =>
    text
      .replace(wikilinkPattern, (_m, title: string, _h: string, label: string) => (label ?? title).trim())
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/, '')
      .replace(/[*_`~]+/g, '')
  const before = plain(line.slice(0, offset))
  line = plain(line)
  offset = before.length
  if (line.length <= snippetLength) return line.trim()
  const from = Math.max(0, offset - snippetLength / 2)
  const cut = line.slice(from, from + snippetLength)
  return `${from > 0 ? '…' : ''}${cut.trim()}${from + snippetLength < line.length ? '…' : ''}`
}

/** Every distinct link target in a text, with the context of its first mention. */
export function extractLinks(markdown: string): ExtractedLink[] {
  const seen = new Map<string, ExtractedLink>()
  for (const match of markdown.matchAll(wikilinkPattern)) {
    const link = parseWikilink({ title: match[1] ?? '', heading: match[2], label: match[3] })
    if (!link || seen.has(link.slug)) continue
    const start = match.index ?? 0
    seen.set(link.slug, {
      targetTitle: link.title,
      targetSlug: link.slug,
      snippet: snippetAround(markdown, start, start + match[0].length),
    })
  }
  return [...seen.values()]
}
