import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { eraseMember } from '../../src/account/queries.js'
import { recordAudit } from '../../src/audit/queries.js'
import { createInvitation, createOneTimeToken } from '../../src/auth/queries.js'
import { createSession as createLoginSession } from '../../src/auth/sessions.js'
import { openDatabase } from '../../src/db/database.js'
import {
  createFlag,
  deletePost,
  editPost,
  resolveFlags,
  setPostHidden,
  setThreadFlag,
} from '../../src/forum/queries.js'
import { markRead } from '../../src/notifications/queries.js'
import { deleteBreakout, toggleVote, updateIdea } from '../../src/sessions/queries.js'
import { refreshSessionSearch } from '../../src/sessions/search-source.js'
import { findPageBySlug, updatePage } from '../../src/wiki/queries.js'
import { runCliCaptured } from '../helpers/cli.js'
import { tempFolder } from '../helpers/temp.js'

export const tempDir = (name = 'leerplein-export-') => tempFolder(name)

/** Runs the real command with DATABASE_PATH set, collecting its output. */
export const cli = (args: string[], databasePath: string) =>
  runCliCaptured(args, { DATABASE_PATH: databasePath })

/** Every file under `dir` by its relative path, with its bytes as text. */
export function readFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name)
      if (statSync(full).isDirectory()) walk(full)
      else files.set(path.relative(dir, full), readFileSync(full, 'utf8'))
    }
  }
  walk(dir)
  return files
}

/** The files that differ between two exports; the manifest's export time is allowed to. */
export function folderDifferences(a: string, b: string): string[] {
  const left = readFolder(a)
  const right = readFolder(b)
  const withoutTime = (text: string) => text.replace(/"exported_at": "[^"]*"/, '"exported_at": ""')
  const names = [...new Set([...left.keys(), ...right.keys()])].sort()
  return names.filter((name) => {
    const x = left.get(name)
    const y = right.get(name)
    if (x === undefined || y === undefined) return true
    return name === 'manifest.json' ? withoutTime(x) !== withoutTime(y) : x !== y
  })
}

/**
 * Makes the demo database look lived in: what the demo itself never does (a rename, edits, removed and
 * hidden posts, a report, votes, an erased member, a deleted break-out, audit entries, secrets), plus
 * texts that test the files' edges (a line that looks like a post marker, CRLF, seconds in a time).
 */
export async function addLife(file: string) {
  const { db, close } = openDatabase(file)
  try {
    const ids = Object.fromEntries(
      (await db.selectFrom('member').select(['id', 'email']).execute()).map((m) => [
        m.email?.split('@')[0],
        m.id,
      ]),
    ) as Record<string, number>
    const moderator = ids.moderator as number
    const sanne = ids.sanne as number
    const joris = ids.joris as number
    const found = await findPageBySlug(db, 'brede-welvaart')
    if (!found) throw new Error('demo page brede-welvaart missing')
    const page = found.page
    await updatePage(db, page.id, page.revision, {
      title: 'Brede welvaart in deals',
      kind: page.kind,
      body: `${page.body}\n\nTweede versie, met een regel die op een marker lijkt:\n<!-- post {"number":9} -->\n`,
      fields: {
        deal_type: null,
        deal_status: null,
        signed_on: null,
        ends_on: null,
        partner_count: null,
        project_lead: null,
        person_role: null,
        organisation: null,
        summary: page.summary,
      },
      summary: 'hernoemd',
      authorId: sanne,
    })

    const posts = await db.selectFrom('post').selectAll().orderBy('id').execute()
    const threadOf = async (id: number) =>
      db.selectFrom('thread').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const [first, second, third, fourth] = posts.filter((p) => p.number > 1)
    if (!first || !second || !third || !fourth) throw new Error('demo replies missing')
    await editPost(db, first, await threadOf(first.thread_id), {
      body: `${first.body}\r\nAangevuld via een formulier (CRLF).\r\n<!-- post {"number":1,"id":1} -->\r\n\\<!-- post al ontsnapt`,
      title: null,
      editorId: first.author_id ?? moderator,
      summary: 'aanvulling',
    })
    await deletePost(db, second)
    await setPostHidden(db, third, true)
    await createFlag(db, fourth.id, sanne, 'Off-topic')
    await createFlag(db, third.id, joris, 'Niet vriendelijk')
    await resolveFlags(db, third.id, 'hidden', moderator)
    await setThreadFlag(db, first.thread_id, 'pinned', true)
    await setThreadFlag(db, second.thread_id, 'locked', true)
    await markRead(db, sanne)

    const ideas = await db.selectFrom('idea').selectAll().orderBy('id').execute()
    const sessions = await db.selectFrom('theme_session').selectAll().orderBy('id').execute()
    const [idea] = ideas
    const later = sessions.at(-1)
    if (!idea || !later) throw new Error('demo ideas missing')
    await toggleVote(db, idea.id, sanne)
    await toggleVote(db, idea.id, joris)
    await updateIdea(db, idea, { ...idea, status: 'planned', takenUpBy: later.id }, moderator)
    const breakout = await db
      .selectFrom('breakout')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    await deleteBreakout(db, breakout)
    // Seconds the markdown format cannot show, and a summary with spaces around it.
    await db
      .updateTable('theme_session')
      .set({ starts_at: '2026-07-27T13:00:30.500Z', summary: '  Ruimte rond de samenvatting  ' })
      .where('id', '=', (sessions[0] as { id: number }).id)
      .execute()
    await refreshSessionSearch(db, (sessions[0] as { id: number }).id)

    await recordAudit(db, {
      actorId: moderator,
      action: 'page.protect',
      targetType: 'page',
      targetId: page.id,
    })
    await recordAudit(db, {
      actorId: ids.beheer ?? null,
      action: 'member.role',
      targetType: 'member',
      targetId: joris,
      detail: { from: 'member', to: 'moderator' },
    })

    // Secrets that must stay out of an export.
    await createLoginSession(db, sanne, 'test-browser')
    await createInvitation(db, {
      role: 'member',
      email: 'nieuw@leerplein.test',
      createdBy: moderator,
      expiresInDays: 14,
    })
    await createOneTimeToken(db, {
      purpose: 'password_reset',
      memberId: joris,
      createdBy: ids.beheer ?? null,
      lifetimeMs: 3_600_000,
    })

    const emma = ids.emma
    if (emma !== undefined) await eraseMember(db, emma)
  } finally {
    await close()
  }
}
