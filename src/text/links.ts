// Links from any source text to page slugs: saved with every write, read for "Mentioned in".
import type { Database } from '../db/database.js'
import { slugify } from './slug.js'
import type { ExtractedLink } from './wikilinks.js'

export type SourceType = 'page' | 'post' | 'session' | 'breakout' | 'idea'
export interface SourceRef {
  type: SourceType
  id: number
}

export interface FieldLink extends ExtractedLink {
  /** The field that names the page, e.g. project_lead. */
  relation: string
}

/** Replaces the links of a source; called in the transaction that saves the source. */
export async function saveLinks(db: Database, source: SourceRef, links: (ExtractedLink | FieldLink)[]) {
  await deleteLinks(db, source)
  if (links.length === 0) return
  await db
    .insertInto('link')
    .values(
      links.map((link) => ({
        source_type: source.type,
        source_id: source.id,
        target_slug: link.targetSlug,
        target_title: link.targetTitle,
        relation: 'relation' in link ? link.relation : 'text',
        snippet: link.snippet,
      })),
    )
    .execute()
}

export async function deleteLinks(db: Database, source: SourceRef) {
  await db
    .deleteFrom('link')
    .where('source_type', '=', source.type)
    .where('source_id', '=', source.id)
    .execute()
}

/** For each slug that names a page (directly or through a rename's redirect), the page's current slug. */
export async function resolveSlugs(db: Database, slugs: string[]): Promise<Map<string, string>> {
  const resolved = new Map<string, string>()
  if (slugs.length === 0) return resolved
  const unique = [...new Set(slugs)]
  const direct = await db.selectFrom('page').select('slug').where('slug', 'in', unique).execute()
  for (const row of direct) resolved.set(row.slug, row.slug)
  const rest = unique.filter((slug) => !resolved.has(slug))
  if (rest.length > 0) {
    const redirected = await db
      .selectFrom('redirect')
      .innerJoin('page', 'page.id', 'redirect.page_id')
      .select(['redirect.from_slug', 'page.slug'])
      .where('redirect.from_slug', 'in', rest)
      .execute()
    for (const row of redirected) resolved.set(row.from_slug, row.slug)
  }
  return resolved
}

/** The sources whose text links to any of these slugs: to re-render when a page appears or goes. */
export async function findSourcesLinkingTo(db: Database, slugs: string[]): Promise<SourceRef[]> {
  if (slugs.length === 0) return []
  const rows = await db
    .selectFrom('link')
    .select(['source_type', 'source_id'])
    .distinct()
    .where('target_slug', 'in', slugs)
    .where('relation', '=', 'text')
    .execute()
  return rows.map((row) => ({ type: row.source_type as SourceType, id: row.source_id }))
}

/** Every slug that reaches a page: its own and those it was renamed from. */
export async function slugsOfPage(db: Database, pageId: number, slug: string): Promise<string[]> {
  const redirects = await db
    .selectFrom('redirect')
    .select('from_slug')
    .where('page_id', '=', pageId)
    .execute()
  return [slug, ...redirects.map((r) => r.from_slug)]
}

/** A link to the page a title names, as `[[title]]` draws it: to "create this page" when there is none. */
export interface TitleLink {
  title: string
  href: string
  missing: boolean
}

/** Links for titles that name pages (people, organisations, project leads), looked up at once. */
export async function linkTitles(db: Database, titles: string[]): Promise<(title: string) => TitleLink> {
  const resolved = await resolveSlugs(db, titles.map(slugify))
  return (title) => titleLink(title, resolved.get(slugify(title)) ?? null)
}

/** The link for a title whose page's slug is known (null: there is no such page). */
export function titleLink(title: string, slug: string | null): TitleLink {
  return slug
    ? { title, href: `/wiki/${slug}`, missing: false }
    : { title, href: `/wiki/new?title=${encodeURIComponent(title)}`, missing: true }
}
