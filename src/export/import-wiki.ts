// Importing the wiki: pages, their revisions and the redirects of renamed pages.
import { readFields } from './field-reader.js'
import {
  type ImportContext,
  idColumn,
  listNames,
  memberId,
  readJsonLines,
  readText,
  store,
  tally,
  writing,
} from './import-context.js'
import { importRevisionFolder } from './import-history.js'
import { exportFiles, exportFolders, pageStem } from './layout.js'
import { parseMarkdownFile } from './markdown-file.js'
import { type ParsedPage, readPageFile } from './page-file.js'

async function slugInUse(ctx: ImportContext, slug: string): Promise<boolean> {
  const page = await ctx.db.selectFrom('page').select('id').where('slug', '=', slug).executeTakeFirst()
  const redirect = await ctx.db
    .selectFrom('redirect')
    .select('page_id')
    .where('from_slug', '=', slug)
    .executeTakeFirst()
  return page !== undefined || redirect !== undefined
}

export async function importWiki(ctx: ImportContext): Promise<void> {
  const pages: ParsedPage[] = []
  const names = await listNames(ctx, exportFolders.pages)
  for (const name of names) {
    if (!name.endsWith('.md')) continue
    const file = `${exportFolders.pages}/${name}`
    const parsed = parseMarkdownFile(file, (await readText(ctx, file)) ?? '', ctx.problems)
    const page = parsed ? readPageFile(parsed, ctx.problems) : null
    if (page) pages.push(page)
  }
  // In export order, so a merge gives the pages new ids in the same order.
  pages.sort((a, b) => a.facts.values.id - b.facts.values.id)
  const slugToId = new Map<string, number | null>()
  for (const page of pages) {
    const p = page.facts.values
    if (!writing(ctx)) break
    if (!ctx.keepIds && (await slugInUse(ctx, p.slug))) {
      ctx.conflicts.push(
        `page ${p.slug}: already exists; kept it, left out ${page.facts.file} and its history`,
      )
      ctx.ids.set('page', p.id, null)
      slugToId.set(p.slug, null)
      continue
    }
    const line = (key: string) => page.facts.lineOf(key)
    const inserted = await store(ctx, page.facts.file, 1, () =>
      ctx.db
        .insertInto('page')
        .values({
          ...idColumn(ctx, p.id),
          slug: p.slug,
          title: p.title,
          kind: p.kind,
          body: page.body,
          // Rendered by the text engine once everything is in (see import-folder.ts).
          body_html: '',
          deal_type: p.deal_type,
          deal_status: p.deal_status,
          signed_on: p.signed_on,
          ends_on: p.ends_on,
          partner_count: p.partner_count,
          project_lead: p.project_lead,
          person_role: p.person_role,
          organisation: p.organisation,
          summary: p.summary,
          protected: p.protected ? 1 : 0,
          claimed_by: memberId(ctx, p.claimed_by, page.facts.file, line('claimed_by')),
          revision: p.revision,
          created_by: memberId(ctx, p.created_by, page.facts.file, line('created_by')),
          created_at: p.created_at,
          updated_by: memberId(ctx, p.updated_by, page.facts.file, line('updated_by')),
          updated_at: p.updated_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    if (inserted) {
      ctx.ids.set('page', p.id, inserted.id)
      slugToId.set(p.slug, inserted.id)
    }
    tally(ctx, 'pages')
  }

  const byStem = new Map(pages.map((page) => [pageStem(page.facts.values), page.facts.values]))
  for (const stem of await listNames(ctx, exportFolders.pageHistory)) {
    const folder = `${exportFolders.pageHistory}/${stem}`
    const page = byStem.get(stem)
    // A page file that is there but broken has its own problem already.
    if (!page && !names.includes(`${stem}.md`)) {
      ctx.problems.add(folder, 1, `no page ${exportFolders.pages}/${stem}.md for this history`)
    }
    await importRevisionFolder(ctx, folder, 'page', page ? (ctx.ids.get('page', page.id) ?? null) : null)
  }

  await importRedirects(ctx, slugToId)
}

async function importRedirects(ctx: ImportContext, slugToId: Map<string, number | null>) {
  const file = exportFiles.redirects
  const spec = { from_slug: 'text', to_slug: 'text', created_at: 'time' } as const
  for (const record of await readJsonLines(ctx, file)) {
    const row = readFields(record, spec, ctx.problems)
    if (!row || !writing(ctx)) continue
    const { from_slug, to_slug, created_at } = row.values
    const pageId = slugToId.get(to_slug)
    if (pageId === undefined) {
      ctx.problems.add(file, row.line, `no page with slug ${to_slug} in this export`)
      continue
    }
    if (pageId === null) continue
    if (!ctx.keepIds && (await slugInUse(ctx, from_slug))) {
      ctx.conflicts.push(`redirect ${from_slug}: that address is already in use here; left it out`)
      continue
    }
    await store(ctx, file, row.line, () =>
      ctx.db.insertInto('redirect').values({ from_slug, page_id: pageId, created_at }).execute(),
    )
    tally(ctx, 'redirects')
  }
}
