import { describe, expect, it } from 'vitest'
import { allowedTags, renderMarkdown } from '../../src/text/markdown.js'
import { slugify } from '../../src/text/slug.js'
import { extractLinks } from '../../src/text/wikilinks.js'
import { xssPayloads } from './xss-corpus.js'

const allowed = new Set(allowedTags)

/** Every tag and attribute in the (sanitizer-normalised) output, to check against what is safe. */
function problemsIn(html: string): string[] {
  const problems: string[] = []
  for (const [, closing, tag = '', attributes = ''] of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (!allowed.has(tag.toLowerCase())) problems.push(`tag ${closing}${tag}`)
    for (const [, name = '', value = ''] of attributes.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') problems.push(`attribute ${name}`)
      if ((name === 'href' || name === 'src') && !/^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(value)) {
        problems.push(`${name}=${value}`)
      }
      if (name === 'src' && /^http:/i.test(value)) problems.push(`insecure image ${value}`)
    }
  }
  return problems
}

const noPages = () => undefined
const somePages = (slug: string) =>
  ['pagina', 'een-loket', 'city-deal-eindhoven'].includes(slug) ? slug : undefined

describe('the markdown renderer against XSS', () => {
  it('has a corpus of at least 40 payloads', () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(40)
  })

  it.each(xssPayloads)('renders %s inertly', (payload) => {
    for (const resolver of [noPages, somePages]) {
      const html = renderMarkdown(payload, resolver)
      expect(problemsIn(html), html).toEqual([])
      expect(html).not.toMatch(/<script/i)
    }
  })

  it('shows raw HTML as text rather than dropping what was typed', () => {
    const html = renderMarkdown('Kijk: <script>alert(1)</script>', noPages)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('keeps GFM: tables, task lists, strikethrough, autolinks, code', () => {
    const html = renderMarkdown(
      '| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] klaar\n- [ ] open\n\n~~weg~~ https://www.rijksoverheid.nl\n\n`code`',
      noPages,
    )
    expect(html).toContain('<table>')
    expect(html).toContain('<td align="center">2</td>')
    expect(html).toContain('<input type="checkbox" disabled checked />')
    expect(html).toContain('<del>weg</del>')
    expect(html).toContain('<a href="https://www.rijksoverheid.nl" rel="noopener nofollow ugc">')
    expect(html).toContain('<code>code</code>')
  })

  it('gives headings stable ids and external links rel, internal links none', () => {
    const html = renderMarkdown(
      '# Één aanpak\n\n## Één aanpak\n\n[intern](/wiki/x) [extern](https://vng.nl)',
      noPages,
    )
    expect(html).toContain('<h1 id="een-aanpak">')
    expect(html).toContain('<h2 id="een-aanpak-2">')
    expect(html).toContain('<a href="/wiki/x">intern</a>')
    expect(html).toContain('<a href="https://vng.nl" rel="noopener nofollow ugc">extern</a>')
  })

  it('allows images from https and the site only', () => {
    const html = renderMarkdown(
      '![a](https://x.nl/a.png) ![b](/static/b.png) ![c](http://x.nl/c.png)',
      noPages,
    )
    expect(html).toContain('src="https://x.nl/a.png"')
    expect(html).toContain('src="/static/b.png"')
    expect(html).not.toContain('http://x.nl/c.png')
  })
})

describe('[[links]]', () => {
  it('slugs are Dutch-aware and ignore case and accents', () => {
    expect(slugify('Één Loket')).toBe('een-loket')
    expect(slugify('  City Deal: Eindhoven!  ')).toBe('city-deal-eindhoven')
    expect(slugify('IJsselmeer ĳs')).toBe('ijsselmeer-ijs')
    expect(slugify('Café Crème')).toBe('cafe-creme')
    expect(slugify('***')).toBe('')
  })

  it('resolve existing pages, mark missing ones, take labels and headings', () => {
    const html = renderMarkdown(
      'Zie [[één loket]], [[Een Loket|het loket]], [[Één Loket#Aan de slag]] en [[Nog Niet]].',
      somePages,
    )
    expect(html).toContain('<a class="wikilink" href="/wiki/een-loket">één loket</a>')
    expect(html).toContain('<a class="wikilink" href="/wiki/een-loket">het loket</a>')
    expect(html).toContain(
      '<a class="wikilink" href="/wiki/een-loket#aan-de-slag">Één Loket § Aan de slag</a>',
    )
    expect(html).toContain(
      '<a class="wikilink wikilink--missing" href="/wiki/new?title=Nog%20Niet">Nog Niet<span class="wikilink__missing"></span></a>',
    )
  })

  it('resolve a renamed title to the page it now has', () => {
    const html = renderMarkdown('[[Oude Naam]]', (slug) => (slug === 'oude-naam' ? 'nieuwe-naam' : undefined))
    expect(html).toContain('href="/wiki/nieuwe-naam"')
  })

  it('are extracted once per target, with a readable snippet', () => {
    const links = extractLinks(
      '# Kop\n\nDe **[[City Deal Eindhoven]]** leerde veel van [[Één Loket|het loket]] en weer [[city deal eindhoven]].\n\nAnders.',
    )
    expect(links).toEqual([
      {
        targetTitle: 'City Deal Eindhoven',
        targetSlug: 'city-deal-eindhoven',
        snippet: 'De City Deal Eindhoven leerde veel van het loket en weer city deal eindhoven.',
      },
      {
        targetTitle: 'Één Loket',
        targetSlug: 'een-loket',
        snippet: 'De City Deal Eindhoven leerde veel van het loket en weer city deal eindhoven.',
      },
    ])
  })

  it('are not extracted from code, as the renderer does not render them there', () => {
    const markdown = [
      'Inline `[[Span]]` and ``[[Dubbel]]``, escaped \\[[Ontsnapt]].',
      '',
      '```',
      '[[Omheind]]',
      '```',
      '',
      '    [[Ingesprongen]]',
      '',
      '<div>',
      '[[Html]]',
      '</div>',
      '',
      '- lijst `[[Lijstcode]]` met [[In lijst]]',
      '',
      '> ```',
      '> [[Citaatcode]]',
      '> ```',
      '> [[In citaat]] buiten code',
      '',
      '| kolom |',
      '|---|',
      '| [[In tabel]] |',
    ].join('\n')
    const links = extractLinks(markdown)
    expect(links.map((l) => l.targetTitle)).toEqual(['In lijst', 'In citaat', 'In tabel'])
    const rendered: string[] = []
    renderMarkdown(markdown, (slug) => {
      rendered.push(slug)
      return undefined
    })
    expect(rendered).toEqual(links.map((l) => l.targetSlug))
  })

  it('in the words of an image stay as typed, neither rendered nor extracted', () => {
    const markdown = 'Zie ![foto van [[Deal X]]](https://example.org/a.png) en [[Deal Y]].'
    const html = renderMarkdown(markdown, () => 'deal')
    expect(html).toContain('alt="foto van [[Deal X]]"')
    expect(html).not.toContain('&lt;a')
    expect(extractLinks(markdown).map((l) => l.targetTitle)).toEqual(['Deal Y'])
  })

  it('take the snippet from the mention that is a link, not from code that shows one', () => {
    const [link] = extractLinks(
      '> ```\n> Typ [[Doel]] zo.\n> ```\n\nVoorbeeld: `[[Doel]]`\n\n- eerst\n- dan echt naar [[Doel]]\r\n',
    )
    expect(link?.snippet).toBe('dan echt naar Doel')
  })

  it('cut long snippets around the link', () => {
    const long = `${'woord '.repeat(80)}[[Doel]]${' verder'.repeat(80)}`
    const [link] = extractLinks(long)
    expect(link?.snippet.length).toBeLessThanOrEqual(182)
    expect(link?.snippet).toContain('Doel')
    expect(link?.snippet.startsWith('…')).toBe(true)
  })
})
