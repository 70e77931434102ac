// A minimal, valid Atom 1.0 document (RFC 4287). Text is escaped; HTML content is sent as escaped
// type="html", which is what feed readers expect.
export interface AtomEntry {
  id: string
  title: string
  link: string
  updated: string
  published: string
  author: string
  category: string
  html: string
}

function escapeXml(text: string): string {
  // Characters XML 1.0 forbids outright are dropped rather than escaped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  return clean.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  )
}

export function atomFeed(feed: {
  base: string
  selfPath: string
  alternatePath?: string
  title: string
  entries: AtomEntry[]
}): string {
  const updated = feed.entries.reduce(
    (latest, e) => (e.updated > latest ? e.updated : latest),
    '1970-01-01T00:00:00.000Z',
  )
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title type="text">${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>
    <published>${escapeXml(e.published)}</published>
    <updated>${escapeXml(e.updated)}</updated>
    <author><name>${escapeXml(e.author)}</name></author>
    <category term="${escapeXml(e.category)}"/>
    <content type="html">${escapeXml(e.html)}</content>
  </entry>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.base + feed.selfPath)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.base + feed.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${feed.base}${feed.alternatePath ?? '/threads'}`)}"/>
${entries}
</feed>
`
}
