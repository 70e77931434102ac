// The one markdown renderer: GFM through marked, [[wikilinks]] resolved against existing pages, then an
// allowlist sanitizer. Its output is stored at write time; reads never parse markdown.
import { Marked, type Tokens } from 'marked'
import sanitizeHtml from 'sanitize-html'
import { escapeHtml } from './escape.js'
import { slugify } from './slug.js'
import { parseWikilink, wikilinkTokenizer } from './wikilinks.js'

/** Returns the canonical slug of an existing page for a link's slug, or undefined when there is none. */
export type SlugResolver = (slug: string) => string | undefined

/** Placeholder the view replaces with "page does not exist yet" in the reader's language. */
export const missingMarker = '<span class="wikilink__missing"></span>'

let resolve: SlugResolver = () => undefined
let headingIds = new Map<string, number>()

const marked = new Marked({ gfm: true, breaks: false, async: false })
marked.use({
  extensions: [
    {
      ...wikilinkTokenizer,
      renderer(token) {
        const link = parseWikilink(token as unknown as { title: string; heading?: string; label?: string })
        if (!link) return escapeHtml(token.raw)
        const text = escapeHtml(link.label ?? (link.heading ? `${link.title} § ${link.heading}` : link.title))
        const target = resolve(link.slug)
        if (target === undefined) {
          const href = `/wiki/new?title=${encodeURIComponent(link.title)}`
          return `<a class="wikilink wikilink--missing" href="${escapeHtml(href)}">${text}${missingMarker}</a>`
        }
        const anchor = link.heading ? `#${slugify(link.heading)}` : ''
        return `<a class="wikilink" href="/wiki/${target}${anchor}">${text}</a>`
      },
    },
  ],
  // An image's alt text is plain text: a [[link]] in it stays as typed, as the link extractor reads it
  // (marked would put the link's HTML into the alt, escaped, since extension renderers ignore its
  // plain-text renderer).
  walkTokens(token) {
    if (token.type !== 'image' || !token.tokens) return
    token.tokens = token.tokens.map((child) =>
      child.type === 'wikilink' ? { type: 'text', raw: child.raw, text: child.raw } : child,
    )
  },
  renderer: {
    heading({ tokens, depth, text }: Tokens.Heading) {
      const base = slugify(text) || 'kop'
      const count = headingIds.get(base) ?? 0
      headingIds.set(base, count + 1)
      const id = count === 0 ? base : `${base}-${count + 1}`
      return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`
    },
  },
})

/** The only elements rendered text may contain. */
export const allowedTags = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  's',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
  'span',
  'sup',
  'sub',
]

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    a: ['href', 'title', 'class', 'rel'],
    img: ['src', 'alt', 'title'],
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    th: ['align'],
    td: ['align'],
    code: ['class'],
    span: ['class'],
    input: ['type', 'checked', 'disabled'],
    ol: ['start'],
  },
  allowedClasses: {
    a: ['wikilink', 'wikilink--missing'],
    span: ['wikilink__missing'],
    code: [/^language-[\w-]+$/],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  // Raw HTML that is not allowed is shown as text, so what a person typed stays visible and inert.
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? ''
      const external = /^(https?:)?\/\//i.test(href) || /^mailto:/i.test(href)
      const { rel: _ignored, ...rest } = attribs
      return { tagName, attribs: external ? { ...rest, rel: 'noopener nofollow ugc' } : rest }
    },
    // Images only from https or from this site itself; anything else is dropped with its tag.
    img: (tagName, attribs) => {
      const src = attribs.src ?? ''
      const { src: _src, ...rest } = attribs
      return { tagName, attribs: /^(https:\/\/|\/(?!\/))/i.test(src) ? attribs : rest }
    },
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? {
            tagName,
            attribs: {
              type: 'checkbox',
              disabled: '',
              ...(attribs.checked !== undefined ? { checked: '' } : {}),
            },
          }
        : { tagName: 'span', attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
}

export function renderMarkdown(markdown: string, resolver: SlugResolver): string {
  resolve = resolver
  headingIds = new Map()
  try {
    // Synchronous by configuration, so the resolver above cannot be swapped mid-render.
    const html = marked.parse(markdown) as string
    return sanitizeHtml(html, sanitizeOptions)
  } finally {
    resolve = () => undefined
  }
}

/** Stored HTML marks missing links language-neutrally; readers see the words in their own language. */
export function localizeMissingLinks(html: string, words: string): string {
  return html.replaceAll(missingMarker, `<span class="wikilink__missing"> (${words})</span>`)
}
