// The wiki in an export: a markdown file per page, its revisions in a folder named after it, and the
// old addresses of renamed pages.
import { count, type ExportContext, writeJsonLines } from './export-context.js'
import { exportFiles, pageFile, pageRevisionFile, revisionFile } from './layout.js'
import { writePageFile } from './page-file.js'
import { writeRevisionFile } from './revision-file.js'

export async function exportWiki(ctx: ExportContext): Promise<void> {
  const { db, out } = ctx
  const pages = await db.selectFrom('page').selectAll().orderBy('id').execute()
  const byId = new Map(pages.map((page) => [page.id, page]))
  for (const page of pages) await out.write(pageFile(page), writePageFile(page, ctx.members))
  count(ctx, 'pages', pages.length)

  const revisions = await db
    .selectFrom('revision')
    .selectAll()
    .where('entity_type', '=', 'page')
    .orderBy('entity_id')
    .orderBy('number')
    .execute()
  for (const revision of revisions) {
    const page = byId.get(revision.entity_id)
    // A deleted page takes its history along; one left behind still goes into the export.
    const file = page
      ? pageRevisionFile(page, revision.number)
      : revisionFile('page', revision.entity_id, revision.number)
    await out.write(file, writeRevisionFile(revision, ctx.members))
  }
  count(ctx, 'page_revisions', revisions.length)

  const redirects = await db
    .selectFrom('redirect')
    .innerJoin('page', 'page.id', 'redirect.page_id')
    .select(['redirect.from_slug', 'page.slug as to_slug', 'redirect.created_at'])
    .orderBy('redirect.from_slug')
    .execute()
  await writeJsonLines(ctx, exportFiles.redirects, 'redirects', redirects)
}
