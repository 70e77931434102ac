// Importing revision files: those of one item (a page's folder) and the history/<type>/<id> folders.
import type { RevisedEntity } from '../text/revisions.js'
import {
  type ImportContext,
  listNames,
  memberId,
  pointsTo,
  readText,
  store,
  tally,
  writing,
} from './import-context.js'
import { exportFolders, historyTypes } from './layout.js'
import { parseMarkdownFile } from './markdown-file.js'
import { readRevisionFile } from './revision-file.js'

/** Imports the revisions in `folder` as those of one entity (its id in this database). */
export async function importRevisionFolder(
  ctx: ImportContext,
  folder: string,
  entityType: RevisedEntity,
  entityId: number | null,
): Promise<void> {
  for (const name of await listNames(ctx, folder)) {
    if (!name.endsWith('.md')) continue
    const file = `${folder}/${name}`
    const text = (await readText(ctx, file)) ?? ''
    const parsed = parseMarkdownFile(file, text, ctx.problems)
    const revision = parsed ? readRevisionFile(parsed, ctx.problems) : null
    if (!revision || !writing(ctx) || entityId === null) continue
    const r = revision.facts.values
    const author = memberId(ctx, r.author, file, revision.facts.lineOf('author'))
    await store(ctx, file, 1, () =>
      ctx.db
        .insertInto('revision')
        .values({
          entity_type: entityType,
          entity_id: entityId,
          number: r.number,
          title: r.title,
          body: revision.body,
          fields: JSON.stringify(r.fields),
          summary: r.summary,
          author_id: author,
          created_at: r.created_at,
        })
        .execute(),
    )
    tally(ctx, `${entityType}_revisions`)
  }
}

/**
 * Every history/<type>/<id> folder. An id the export has no item for is history a deleted item left
 * behind: kept as it was in an empty database, left out of a merge (that id means another item there).
 */
export async function importHistoryFolders(ctx: ImportContext): Promise<void> {
  for (const type of historyTypes) {
    for (const name of await listNames(ctx, `${exportFolders.history}/${type}`)) {
      if (!/^\d+$/.test(name)) continue
      const entityId = pointsTo(ctx, type, Number(name))
      await importRevisionFolder(ctx, `${exportFolders.history}/${type}/${name}`, type, entityId)
    }
  }
}
