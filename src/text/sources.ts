// The save pipeline every text goes through, and re-rendering of texts whose links changed meaning
// (a page they link to was created, renamed or deleted). Features register how to load and store
// their texts; this module knows no feature.
import { bumpContentVersion } from '../cache/content-version.js'
import type { Database } from '../db/database.js'
import {
  type FieldLink,
  findSourcesLinkingTo,
  resolveSlugs,
  type SourceRef,
  type SourceType,
  saveLinks,
} from './links.js'
import { renderMarkdown } from './markdown.js'
import { extractLinks } from './wikilinks.js'

export interface TextSource {
  /** The markdown of the source, or undefined when it no longer exists. */
  load(db: Database, id: number): Promise<string | undefined>
  storeHtml(db: Database, id: number, html: string): Promise<void>
  /** Every id of this type, for re-rendering everything. */
  listIds(db: Database): Promise<number[]>
}

const registry = new Map<SourceType, TextSource>()

export function registerTextSource(type: SourceType, source: TextSource): void {
  registry.set(type, source)
}

/**
 * Renders a source's markdown and records its links; call inside the transaction that saves it.
 * Returns the HTML to store.
 */
export async function renderAndLink(
  db: Database,
  source: SourceRef,
  markdown: string,
  fieldLinks: FieldLink[] = [],
): Promise<string> {
  const links = extractLinks(markdown)
  const resolved = await resolveSlugs(
    db,
    links.map((l) => l.targetSlug),
  )
  const html = renderMarkdown(markdown, (slug) => resolved.get(slug))
  await saveLinks(db, source, [...links, ...fieldLinks])
  return html
}

/** Renders markdown for a preview, resolving links but saving nothing. */
export async function renderPreview(db: Database, markdown: string): Promise<string> {
  const links = extractLinks(markdown)
  const resolved = await resolveSlugs(
    db,
    links.map((l) => l.targetSlug),
  )
  return renderMarkdown(markdown, (slug) => resolved.get(slug))
}

/** Re-renders every source that links to one of these slugs, so missing links become real and back. */
export async function rerenderSourcesLinkingTo(
  db: Database,
  slugs: string[],
  except?: SourceRef,
): Promise<number> {
  const sources = await findSourcesLinkingTo(db, slugs)
  let count = 0
  for (const source of sources) {
    if (except && source.type === except.type && source.id === except.id) continue
    if (await rerenderSource(db, source)) count += 1
  }
  return count
}

export async function rerenderSource(db: Database, source: SourceRef): Promise<boolean> {
  const handler = registry.get(source.type)
  if (!handler) return false
  const markdown = await handler.load(db, source.id)
  if (markdown === undefined) return false
  const links = extractLinks(markdown)
  const resolved = await resolveSlugs(
    db,
    links.map((l) => l.targetSlug),
  )
  await handler.storeHtml(
    db,
    source.id,
    renderMarkdown(markdown, (slug) => resolved.get(slug)),
  )
  return true
}

/** Every registered source of every type, for `leerplein rerender` after a renderer change. */
export async function rerenderAll(db: Database): Promise<number> {
  // Cached views hold the old HTML.
  await bumpContentVersion(db)
  let count = 0
  for (const [type, handler] of registry) {
    for (const id of await handler.listIds(db)) if (await rerenderSource(db, { type, id })) count += 1
  }
  return count
}
