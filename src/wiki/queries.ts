// All SQL of the wiki: saving pages with their revisions, links and redirects, and the lists.
import { sql } from 'kysely'
import { bumpContentVersion } from '../cache/content-version.js'
import { type Database, inTransaction } from '../db/database.js'
import { refreshSearch } from '../search/index-sync.js'
import { type BacklinkViewer, findBacklinks, registerBacklinkSource } from '../text/backlinks.js'
import { deleteLinks, resolveSlugs, slugsOfPage } from '../text/links.js'
import { createRevision, deleteRevisions } from '../text/revisions.js'
import { slugify } from '../text/slug.js'
import { registerTextSource, renderAndLink, rerenderSourcesLinkingTo } from '../text/sources.js'
import './search-source.js'
import { fieldLinks, type PageFields, type PageKind, type PageRow } from './fields.js'

registerTextSource('page', {
  load: async (db, id) =>
    (await db.selectFrom('page').select('body').where('id', '=', id).executeTakeFirst())?.body,
  storeHtml: async (db, id, html) => {
    await db.updateTable('page').set({ body_html: html }).where('id', '=', id).execute()
  },
  listIds: async (db) => (await db.selectFrom('page').select('id').execute()).map((r) => r.id),
})

export interface PageInput {
  title: string
  kind: PageKind
  body: string
  fields: PageFields
  summary: string | null
  authorId: number | null
}

export type SaveResult =
  | { ok: true; id: number; slug: string }
  | { ok: false; reason: 'slug-taken'; slug: string }
  | { ok: false; reason: 'conflict'; current: PageRow }

export async function findPageById(db: Database, id: number) {
  return db.selectFrom('page').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The page at a slug, or the page a renamed slug now points to (`redirected` tells which). */
export async function findPageBySlug(db: Database, slug: string) {
  const page = await db.selectFrom('page').selectAll().where('slug', '=', slug).executeTakeFirst()
  if (page) return { page, redirected: false }
  const target = await db
    .selectFrom('redirect')
    .innerJoin('page', 'page.id', 'redirect.page_id')
    .selectAll('page')
    .where('redirect.from_slug', '=', slug)
    .executeTakeFirst()
  return target ? { page: target, redirected: true } : undefined
}

/** Slugs the wiki's own addresses use (/wiki/new, /wiki/wanted, …): no page can have them. */
export const reservedSlugs = new Set(['new', 'wanted', 'titles', 'preview'])

/** Whether a slug is free for this page: no other page, and no other page's old name, has it. */
async function slugTaken(db: Database, slug: string, pageId: number | null) {
  if (reservedSlugs.has(slug)) return true
  const page = await db.selectFrom('page').select('id').where('slug', '=', slug).executeTakeFirst()
  if (page && page.id !== pageId) return true
  const redirect = await db
    .selectFrom('redirect')
    .select('page_id')
    .where('from_slug', '=', slug)
    .executeTakeFirst()
  // Links written with a renamed page's old title lead to it; a new page must not capture them.
  return redirect !== undefined && redirect.page_id !== pageId
}

export async function createPage(db: Database, input: PageInput, now = new Date()): Promise<SaveResult> {
  const slug = slugify(input.title)
  return inTransaction(db, async (trx) => {
    if (await slugTaken(trx, slug, null)) return { ok: false, reason: 'slug-taken', slug }
    const stamp = now.toISOString()
    const { id } = await trx
      .insertInto('page')
      .values({
        slug,
        title: input.title,
        kind: input.kind,
        body: input.body,
        body_html: '',
        ...input.fields,
        revision: 1,
        created_by: input.authorId,
        created_at: stamp,
        updated_by: input.authorId,
        updated_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const html = await renderAndLink(trx, { type: 'page', id }, input.body, fieldLinks(input.fields))
    await trx.updateTable('page').set({ body_html: html }).where('id', '=', id).execute()
    await createRevision(trx, revisionOf(id, 1, input), now)
    // Links written before this page existed now lead somewhere.
    await rerenderSourcesLinkingTo(trx, [slug], { type: 'page', id })
    await refreshSearch(trx, 'page', [id])
    return { ok: true, id, slug }
  })
}

/** Saves an edit made on top of `baseRevision`; someone else's save in between is a conflict. */
export async function updatePage(
  db: Database,
  pageId: number,
  baseRevision: number,
  input: PageInput,
  now = new Date(),
): Promise<SaveResult> {
  return inTransaction(db, async (trx) => {
    const current = await findPageById(trx, pageId)
    if (!current) throw new Error(`page ${pageId} vanished`)
    if (current.revision !== baseRevision) return { ok: false, reason: 'conflict', current }
    const slug = slugify(input.title)
    const renamed = slug !== current.slug
    if (renamed) {
      if (await slugTaken(trx, slug, pageId)) return { ok: false, reason: 'slug-taken', slug }
      await trx.deleteFrom('redirect').where('from_slug', '=', slug).execute()
      await trx
        .insertInto('redirect')
        .values({ from_slug: current.slug, page_id: pageId, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('from_slug').doUpdateSet({ page_id: pageId }))
        .execute()
    }
    const number = current.revision + 1
    const html = await renderAndLink(trx, { type: 'page', id: pageId }, input.body, fieldLinks(input.fields))
    await trx
      .updateTable('page')
      .set({
        slug,
        title: input.title,
        kind: input.kind,
        body: input.body,
        body_html: html,
        ...input.fields,
        revision: number,
        updated_by: input.authorId,
        updated_at: now.toISOString(),
      })
      .where('id', '=', pageId)
      .execute()
    await createRevision(trx, revisionOf(pageId, number, input), now)
    if (renamed)
      await rerenderSourcesLinkingTo(trx, await slugsOfPage(trx, pageId, slug), { type: 'page', id: pageId })
    await refreshSearch(trx, 'page', [pageId])
    return { ok: true, id: pageId, slug }
  })
}

function revisionOf(id: number, number: number, input: PageInput) {
  return {
    entityType: 'page' as const,
    entityId: id,
    number,
    title: input.title,
    body: input.body,
    fields: { kind: input.kind, ...input.fields },
    summary: input.summary,
    authorId: input.authorId,
  }
}

/** Deletes a page and everything that belongs to it; texts that linked to it show missing links again. */
export async function deletePage(db: Database, page: PageRow): Promise<void> {
  await inTransaction(db, async (trx) => {
    const slugs = await slugsOfPage(trx, page.id, page.slug)
    await deleteLinks(trx, { type: 'page', id: page.id })
    await deleteRevisions(trx, 'page', page.id)
    await trx
      .updateTable('member')
      .set({ person_page_id: null })
      .where('person_page_id', '=', page.id)
      .execute()
    await trx.deleteFrom('page').where('id', '=', page.id).execute()
    await rerenderSourcesLinkingTo(trx, slugs)
    await refreshSearch(trx, 'page', [page.id])
  })
}

export async function setPageProtected(db: Database, pageId: number, value: boolean) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('page')
      .set({ protected: value ? 1 : 0 })
      .where('id', '=', pageId)
      .execute()
    // Kept pages show the edit link by whether the page is protected.
    await bumpContentVersion(trx)
  })
}

// ---- what a page shows besides itself

registerBacklinkSource({
  heading: 'wiki.backlinks.pages',
  position: 30,
  async find(db, slugs, _viewer, excludePageId) {
    const rows = await db
      .selectFrom('link')
      .innerJoin('page as source', 'source.id', 'link.source_id')
      .select([
        'link.source_id',
        'link.snippet',
        'source.title',
        'source.slug',
        'source.kind',
        'source.updated_at',
      ])
      .where('link.source_type', '=', 'page')
      .where('link.target_slug', 'in', slugs)
      .where('source.id', '!=', excludePageId)
      .orderBy('source.updated_at', 'desc')
      .execute()
    const seen = new Set<number>()
    return rows
      .filter((row) => (seen.has(row.source_id) ? false : seen.add(row.source_id)))
      .map((row) => ({
        title: row.title,
        href: `/wiki/${row.slug}`,
        label: { key: `kind.${row.kind}` as const },
        snippet: row.snippet,
        date: row.updated_at,
      }))
  },
})

/** Everything that links to a page, grouped by the kind of text, as the viewer may see it. */
export async function findPageBacklinks(db: Database, page: PageRow, viewer: BacklinkViewer) {
  return findBacklinks(db, await slugsOfPage(db, page.id, page.slug), viewer, page.id)
}

const dealColumns = [
  'page.id',
  'page.slug',
  'page.title',
  'page.deal_type',
  'page.deal_status',
  'page.signed_on',
] as const

/** Deals whose project lead is this person. */
export async function findDealsLedBy(db: Database, person: PageRow) {
  const slugs = await slugsOfPage(db, person.id, person.slug)
  return db
    .selectFrom('link')
    .innerJoin('page', 'page.id', 'link.source_id')
    .select(dealColumns)
    .where('link.source_type', '=', 'page')
    .where('link.relation', '=', 'project_lead')
    .where('link.target_slug', 'in', slugs)
    .where('page.kind', '=', 'deal')
    .orderBy('page.title')
    .execute()
}

/** Deals whose text links to this theme. */
export async function findDealsForTheme(db: Database, theme: PageRow) {
  const slugs = await slugsOfPage(db, theme.id, theme.slug)
  return db
    .selectFrom('link')
    .innerJoin('page', 'page.id', 'link.source_id')
    .select(dealColumns)
    .distinct()
    .where('link.source_type', '=', 'page')
    .where('link.target_slug', 'in', slugs)
    .where('page.kind', '=', 'deal')
    .orderBy('page.title')
    .execute()
}

/**
 * Deals related to a deal: those linking to a theme this deal links to, and those mentioned in the
 * same text as this deal. Ranked by how many such connections they share. Links keep the title they
 * were written with, so every slug is resolved through renames before it is compared.
 */
export async function findRelatedDeals(db: Database, deal: PageRow) {
  const slugs = await slugsOfPage(db, deal.id, deal.slug)
  const shared = new Map<number, number>()
  const count = (pageId: number) => shared.set(pageId, (shared.get(pageId) ?? 0) + 1)

  const mine = await db
    .selectFrom('link')
    .select('target_slug')
    .where('source_type', '=', 'page')
    .where('source_id', '=', deal.id)
    .execute()
  const linkedThemes = await pagesAt(
    db,
    mine.map((link) => link.target_slug),
    'theme',
  )
  // A theme linked by its old and its new title is one theme.
  const themes = new Map([...linkedThemes.values()].map((theme) => [theme.id, theme]))
  for (const theme of themes.values()) {
    const linking = await db
      .selectFrom('link')
      .select('source_id')
      .distinct()
      .where('source_type', '=', 'page')
      .where('target_slug', 'in', await slugsOfPage(db, theme.id, theme.slug))
      .execute()
    for (const { source_id } of linking) count(source_id)
  }

  const together = await db
    .selectFrom('link as mine')
    .innerJoin('link as other', (join) =>
      join
        .onRef('other.source_type', '=', 'mine.source_type')
        .onRef('other.source_id', '=', 'mine.source_id'),
    )
    .select(['other.source_type', 'other.source_id', 'other.target_slug'])
    .distinct()
    .where('mine.target_slug', 'in', slugs)
    .where('other.target_slug', 'not in', slugs)
    // Only texts everyone may read (their search entry says so): a hidden post or a draft session
    // must not show that two deals go together.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('search_doc')
          .select('search_doc.id')
          .whereRef('search_doc.link_type', '=', 'mine.source_type')
          .whereRef('search_doc.link_id', '=', 'mine.source_id')
          .where('search_doc.audience', '=', 'all'),
      ),
    )
    .execute()
  const deals = await pagesAt(
    db,
    together.map((link) => link.target_slug),
    'deal',
  )
  // One text mentioning a deal twice (by its old and its new title) is still one connection.
  const pairs = new Set<string>()
  for (const link of together) {
    const id = deals.get(link.target_slug)?.id
    const pair = `${link.source_type}:${link.source_id}:${id}`
    if (id !== undefined && !pairs.has(pair)) {
      pairs.add(pair)
      count(id)
    }
  }

  shared.delete(deal.id)
  if (shared.size === 0) return []
  const rows = await db
    .selectFrom('page')
    .select(['id', 'slug', 'title', 'deal_type'])
    .where('id', 'in', [...shared.keys()])
    .where('kind', '=', 'deal')
    .execute()
  return rows
    .map((row) => ({ ...row, shared: shared.get(row.id) ?? 0 }))
    .sort((a, b) => b.shared - a.shared || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
    .slice(0, 10)
}

/** For each slug that names a page of this kind (directly or through a rename), that page. */
async function pagesAt(db: Database, slugs: string[], kind: PageKind) {
  const resolved = await resolveSlugs(db, slugs)
  const found = new Map<string, { id: number; slug: string }>()
  if (resolved.size === 0) return found
  const pages = await db
    .selectFrom('page')
    .select(['id', 'slug'])
    .where('slug', 'in', [...new Set(resolved.values())])
    .where('kind', '=', kind)
    .execute()
  const bySlug = new Map(pages.map((page) => [page.slug, page]))
  for (const [slug, current] of resolved) {
    const page = bySlug.get(current)
    if (page) found.set(slug, page)
  }
  return found
}

// ---- lists

export async function listPages(db: Database, kind: PageKind | null) {
  let query = db
    .selectFrom('page')
    .select(['id', 'slug', 'title', 'kind', 'summary', 'updated_at'])
    .orderBy('title')
  if (kind) query = query.where('kind', '=', kind)
  return query.limit(1000).execute()
}

export const dealSorts = ['title', 'type', 'status', 'signed'] as const
export type DealSort = (typeof dealSorts)[number]

export async function listDeals(db: Database, sort: DealSort) {
  const column = { title: 'title', type: 'deal_type', status: 'deal_status', signed: 'signed_on' } as const
  return db
    .selectFrom('page')
    .select([
      'id',
      'slug',
      'title',
      'deal_type',
      'deal_status',
      'signed_on',
      'ends_on',
      'partner_count',
      'project_lead',
    ])
    .where('kind', '=', 'deal')
    .orderBy(column[sort], sort === 'signed' ? 'desc' : 'asc')
    .orderBy('title')
    .limit(1000)
    .execute()
}

/** Titles that are linked to but have no page, most wanted first (MediaWiki's WantedPages). */
export async function listWantedPages(db: Database) {
  return db
    .selectFrom('link')
    .select([
      'link.target_slug',
      (eb) => eb.fn.min('link.target_title').as('title'),
      (eb) => eb.fn.count<number>('link.id').as('links'),
    ])
    .where('link.relation', '=', 'text')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('page').select('page.id').whereRef('page.slug', '=', 'link.target_slug'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('redirect')
            .select('redirect.page_id')
            .whereRef('redirect.from_slug', '=', 'link.target_slug'),
        ),
      ),
    )
    .groupBy('link.target_slug')
    .orderBy('links', 'desc')
    .orderBy('title')
    .limit(200)
    .execute()
}

export async function listRecentlyChangedPages(db: Database, limit: number) {
  return db
    .selectFrom('page')
    .select(['slug', 'title', 'kind', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Page titles starting with (or containing) the typed text, for [[ completion. */
export async function suggestTitles(db: Database, typed: string) {
  const slug = slugify(typed)
  if (!slug) return []
  return db
    .selectFrom('page')
    .select(['title', 'kind'])
    .where('slug', 'like', `%${slug.replace(/[\\%_]/g, '')}%`)
    .orderBy(sql`case when slug like ${`${slug}%`} then 0 else 1 end`)
    .orderBy('title')
    .limit(10)
    .execute()
}

export async function claimPersonPage(db: Database, pageId: number, memberId: number) {
  await db
    .updateTable('page')
    .set({ claimed_by: memberId })
    .where('id', '=', pageId)
    .where('kind', '=', 'person')
    .execute()
}

/** A moderator confirms a claim: the member's account now points at their person page. */
export async function confirmPersonClaim(db: Database, page: PageRow) {
  if (!page.claimed_by) return
  const claimant = await db
    .selectFrom('member')
    .select('status')
    .where('id', '=', page.claimed_by)
    .executeTakeFirst()
  if (claimant?.status === 'active') await linkPersonPage(db, page, page.claimed_by)
}

/** Points a member's account at a person page (and away from any other member). */
export async function linkPersonPage(db: Database, page: PageRow, memberId: number) {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('member')
      .set({ person_page_id: null })
      .where('person_page_id', '=', page.id)
      .execute()
    await trx.updateTable('member').set({ person_page_id: page.id }).where('id', '=', memberId).execute()
    await trx.updateTable('page').set({ claimed_by: null }).where('id', '=', page.id).execute()
  })
}

/** Active members without a person page yet, for a moderator to link one. */
export async function listMembersWithoutPersonPage(db: Database) {
  return db
    .selectFrom('member')
    .select(['id', 'display_name'])
    .where('status', '=', 'active')
    .where('person_page_id', 'is', null)
    .orderBy('display_name')
    .limit(500)
    .execute()
}

export async function findMemberForPersonPage(db: Database, pageId: number) {
  return db
    .selectFrom('member')
    .select(['id', 'display_name'])
    .where('person_page_id', '=', pageId)
    .executeTakeFirst()
}
