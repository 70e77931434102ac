// Every route of the app × every role × both visibility settings → the expected status. Routes come from
// the app's own route table, so a new route without a line here fails this test.
import type { FastifyInstance } from 'fastify'
import { createInvitation, createMember } from '../../src/auth/queries.js'
import { createFlag, createReply, createThread } from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import type { Role } from '../../src/http/access-plugin.js'
import { addBreakout, addIdea, createSession } from '../../src/sessions/queries.js'
import { updateSiteSettings, type Visibility } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { claimPersonPage, createPage } from '../../src/wiki/queries.js'
import { createTestApp, describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor } from '../helpers/members.js'

type Who = 'visitor' | Role
const everyone: Who[] = ['visitor', 'member', 'moderator', 'admin']

/** Fixtures a request needs (an id to act on); made fresh for every request so no cell affects another. */
interface Fixtures {
  target: number
  pending: number
  invitation: number
  /** Slug of a fresh person page that a member has claimed. */
  page: string
  /** A thread by someone else (canonical path and id), a reply in it and an open flag on that reply. */
  threadPath: string
  threadId: number
  reply: number
  flag: number
  /** A published session, a draft session, a break-out and an idea in the published one. */
  session: string
  draft: string
  breakout: number
  idea: number
}

interface Case {
  url: (f: Fixtures) => string
  /** Expected status for visitor, member, moderator, admin in a members-only community … */
  members: [number, number, number, number]
  /** … and in a public one (the same when omitted). */
  public?: [number, number, number, number]
  /** Form fields for a POST. */
  body?: Record<string, string>
}

const readable = { members: [303, 200, 200, 200], public: [200, 200, 200, 200] } as Pick<
  Case,
  'members' | 'public'
>

const cases: Record<string, Case> = {
  'GET /': { url: () => '/', members: [303, 200, 200, 200], public: [200, 200, 200, 200] },
  'GET /toegankelijkheid': { url: () => '/toegankelijkheid', members: [200, 200, 200, 200] },
  'GET /privacy': { url: () => '/privacy', members: [200, 200, 200, 200] },
  'POST /language': { url: () => '/language', members: [303, 303, 303, 303] },
  'GET /healthz': { url: () => '/healthz', members: [200, 200, 200, 200] },
  'GET /static/*': { url: () => '/static/style.css', members: [200, 200, 200, 200] },
  'GET /login': { url: () => '/login', members: [200, 303, 303, 303] },
  'POST /login': { url: () => '/login', members: [401, 401, 401, 401] },
  'POST /logout': { url: () => '/logout', members: [303, 303, 303, 303] },
  'GET /setup/:token': { url: () => '/setup/unknown', members: [410, 410, 410, 410] },
  'POST /setup/:token': { url: () => '/setup/unknown', members: [410, 410, 410, 410] },
  'GET /invite/:token': { url: () => '/invite/unknown', members: [404, 404, 404, 404] },
  'POST /invite/:token': { url: () => '/invite/unknown', members: [404, 404, 404, 404] },
  'GET /register': { url: () => '/register', members: [404, 404, 404, 404] },
  'POST /register': { url: () => '/register', members: [404, 404, 404, 404] },
  'GET /reset/:token': { url: () => '/reset/unknown', members: [410, 410, 410, 410] },
  'POST /reset/:token': { url: () => '/reset/unknown', members: [410, 410, 410, 410] },
  'GET /account': { url: () => '/account', members: [303, 200, 200, 200] },
  'POST /account/profile': { url: () => '/account/profile', members: [403, 422, 422, 422] },
  'POST /account/password': { url: () => '/account/password', members: [403, 422, 422, 422] },
  'POST /account/sessions/:id/revoke': {
    url: () => '/account/sessions/x/revoke',
    members: [403, 303, 303, 303],
  },
  'POST /account/sessions/revoke-all': {
    url: () => '/account/sessions/revoke-all',
    members: [403, 303, 303, 303],
  },
  'GET /account/export': { url: () => '/account/export', members: [303, 200, 200, 200] },
  'POST /account/delete': { url: () => '/account/delete', members: [403, 422, 422, 422] },
  'GET /admin': { url: () => '/admin', members: [303, 403, 200, 200] },
  'GET /admin/members': { url: () => '/admin/members', members: [303, 403, 403, 200] },
  'POST /admin/members/:id/role': {
    url: (f) => `/admin/members/${f.target}/role`,
    members: [403, 403, 403, 303],
  },
  'POST /admin/members/:id/disable': {
    url: (f) => `/admin/members/${f.target}/disable`,
    members: [403, 403, 403, 303],
  },
  'POST /admin/members/:id/enable': {
    url: (f) => `/admin/members/${f.target}/enable`,
    members: [403, 403, 403, 303],
  },
  'POST /admin/members/:id/reset-link': {
    url: (f) => `/admin/members/${f.target}/reset-link`,
    members: [403, 403, 403, 201],
  },
  'GET /admin/invitations': { url: () => '/admin/invitations', members: [303, 403, 200, 200] },
  'POST /admin/invitations': { url: () => '/admin/invitations', members: [403, 403, 422, 422] },
  'POST /admin/invitations/:id/revoke': {
    url: (f) => `/admin/invitations/${f.invitation}/revoke`,
    members: [403, 403, 303, 303],
  },
  'GET /admin/registrations': { url: () => '/admin/registrations', members: [303, 403, 200, 200] },
  'POST /admin/registrations/:id/:decision': {
    url: (f) => `/admin/registrations/${f.pending}/approve`,
    members: [403, 403, 303, 303],
  },
  'GET /admin/settings': { url: () => '/admin/settings', members: [303, 403, 403, 200] },
  'POST /admin/settings': { url: () => '/admin/settings', members: [403, 403, 403, 422] },
  'GET /admin/audit': { url: () => '/admin/audit', members: [303, 403, 403, 200] },
  'GET /wiki': { url: () => '/wiki', ...readable },
  'GET /search': { url: () => '/search?q=deal', ...readable },
  'GET /wiki/wanted': { url: () => '/wiki/wanted', ...readable },
  'GET /changes': { url: () => '/changes', ...readable },
  'GET /wiki/titles': { url: () => '/wiki/titles?q=pers', ...readable },
  'POST /wiki/preview': { url: () => '/wiki/preview', members: [403, 200, 200, 200], body: { body: '*x*' } },
  'GET /wiki/new': { url: () => '/wiki/new', members: [303, 200, 200, 200] },
  'POST /wiki': { url: () => '/wiki', members: [403, 422, 422, 422] },
  'GET /wiki/:slug': { url: (f) => `/wiki/${f.page}`, ...readable },
  'GET /wiki/:slug/edit': { url: (f) => `/wiki/${f.page}/edit`, members: [303, 200, 200, 200] },
  'POST /wiki/:slug': { url: (f) => `/wiki/${f.page}`, members: [403, 422, 422, 422] },
  'GET /wiki/:slug/history': { url: (f) => `/wiki/${f.page}/history`, ...readable },
  'GET /wiki/:slug/diff': { url: (f) => `/wiki/${f.page}/diff?from=1&to=1`, ...readable },
  'POST /wiki/:slug/revert': {
    url: (f) => `/wiki/${f.page}/revert`,
    members: [403, 403, 303, 303],
    body: { revision: '1' },
  },
  'POST /wiki/:slug/delete': { url: (f) => `/wiki/${f.page}/delete`, members: [403, 403, 303, 303] },
  'POST /wiki/:slug/protect': { url: (f) => `/wiki/${f.page}/protect`, members: [403, 403, 303, 303] },
  'POST /wiki/:slug/claim': { url: (f) => `/wiki/${f.page}/claim`, members: [403, 303, 303, 303] },
  'GET /sessions': { url: () => '/sessions', ...readable },
  'GET /sessions/ideas': { url: () => '/sessions/ideas', ...readable },
  'GET /sessions/new': { url: () => '/sessions/new', members: [303, 403, 200, 200] },
  'POST /sessions': { url: () => '/sessions', members: [403, 403, 422, 422] },
  'GET /sessions/:slug': { url: (f) => `/sessions/${f.session}`, ...readable },
  'GET /sessions/:slug/edit': { url: (f) => `/sessions/${f.session}/edit`, members: [303, 403, 200, 200] },
  'POST /sessions/:slug': { url: (f) => `/sessions/${f.session}`, members: [403, 403, 422, 422] },
  'POST /sessions/:slug/status': {
    url: (f) => `/sessions/${f.draft}/status`,
    members: [403, 403, 303, 303],
    body: { status: 'published' },
  },
  'POST /sessions/:slug/breakouts': {
    url: (f) => `/sessions/${f.session}/breakouts`,
    members: [403, 403, 303, 303],
    body: { title: 'Zaal B', participants: '', notes: 'aantekening' },
  },
  'POST /breakouts/:id': {
    url: (f) => `/breakouts/${f.breakout}`,
    members: [403, 403, 303, 303],
    body: { title: 'Zaal A2' },
  },
  'POST /breakouts/:id/move': {
    url: (f) => `/breakouts/${f.breakout}/move`,
    members: [403, 403, 303, 303],
    body: { direction: 'down' },
  },
  'POST /sessions/:slug/ideas': {
    url: (f) => `/sessions/${f.session}/ideas`,
    members: [403, 303, 303, 303],
    body: { title: 'Een idee', description: '' },
  },
  'POST /ideas/:id/vote': { url: (f) => `/ideas/${f.idea}/vote`, members: [403, 303, 303, 303] },
  'POST /ideas/:id': {
    url: (f) => `/ideas/${f.idea}`,
    members: [403, 403, 303, 303],
    body: { status: 'planned' },
  },
  'GET /sessions.ics': { url: () => '/sessions.ics', ...readable },
  'GET /sessions/import': { url: () => '/sessions/import', members: [303, 403, 200, 200] },
  'POST /sessions/import': { url: () => '/sessions/import', members: [403, 403, 422, 422] },
  'GET /sessions/:slug/history': { url: (f) => `/sessions/${f.session}/history`, ...readable },
  'GET /sessions/:slug/export.md': { url: (f) => `/sessions/${f.session}/export.md`, ...readable },
  'GET /sessions/:slug/calendar.ics': { url: (f) => `/sessions/${f.session}/calendar.ics`, ...readable },
  'GET /feeds/sessions.atom': { url: () => '/feeds/sessions.atom', ...readable },
  'GET /threads': { url: () => '/threads', ...readable },
  'GET /threads/new': { url: () => '/threads/new', members: [303, 200, 200, 200] },
  'POST /threads': { url: () => '/threads', members: [403, 422, 422, 422] },
  'GET /threads/:id': { url: (f) => f.threadPath, ...readable },
  'POST /threads/:id/replies': {
    url: (f) => `/threads/${f.threadId}/replies`,
    members: [403, 422, 422, 422],
  },
  'POST /threads/:id/accept': { url: (f) => `/threads/${f.threadId}/accept`, members: [403, 403, 303, 303] },
  'POST /threads/:id/pin': { url: (f) => `/threads/${f.threadId}/pin`, members: [403, 403, 303, 303] },
  'POST /threads/:id/lock': { url: (f) => `/threads/${f.threadId}/lock`, members: [403, 403, 303, 303] },
  'POST /threads/:id/hide': { url: (f) => `/threads/${f.threadId}/hide`, members: [403, 403, 303, 303] },
  'POST /threads/:id/move': {
    url: (f) => `/threads/${f.threadId}/move`,
    members: [403, 403, 303, 303],
    body: { category_id: '2' },
  },
  'GET /posts/:id': {
    url: (f) => `/posts/${f.reply}`,
    members: [303, 303, 303, 303],
    public: [303, 303, 303, 303],
  },
  'GET /posts/:id/edit': { url: (f) => `/posts/${f.reply}/edit`, members: [303, 404, 200, 200] },
  'POST /posts/:id': { url: (f) => `/posts/${f.reply}`, members: [403, 404, 422, 422] },
  'GET /posts/:id/history': { url: (f) => `/posts/${f.reply}/history`, ...readable },
  'POST /posts/:id/delete': { url: (f) => `/posts/${f.reply}/delete`, members: [403, 404, 404, 404] },
  'GET /posts/:id/flag': { url: (f) => `/posts/${f.reply}/flag`, members: [303, 200, 200, 200] },
  'POST /posts/:id/flag': { url: (f) => `/posts/${f.reply}/flag`, members: [403, 422, 422, 422] },
  'POST /posts/:id/hide': { url: (f) => `/posts/${f.reply}/hide`, members: [403, 403, 303, 303] },
  'GET /feeds/threads.atom': { url: () => '/feeds/threads.atom', ...readable },
  'GET /admin/flags': { url: () => '/admin/flags', members: [303, 403, 200, 200] },
  'POST /admin/flags/:id/resolve': {
    url: (f) => `/admin/flags/${f.flag}/resolve`,
    members: [403, 403, 303, 303],
  },
  'GET /admin/categories': { url: () => '/admin/categories', members: [303, 403, 403, 200] },
  'POST /admin/categories': { url: () => '/admin/categories', members: [403, 403, 403, 422] },
  'POST /admin/categories/:id': { url: () => '/admin/categories/1', members: [403, 403, 403, 303] },
  'GET /notifications': { url: () => '/notifications', members: [303, 200, 200, 200] },
  'GET /notifications/:id/open': { url: () => '/notifications/1/open', members: [303, 404, 404, 404] },
  'POST /notifications/:id/read': { url: () => '/notifications/1/read', members: [403, 303, 303, 303] },
  'POST /notifications/read-all': { url: () => '/notifications/read-all', members: [403, 303, 303, 303] },
  'POST /wiki/:slug/link-member': {
    url: (f) => `/wiki/${f.page}/link-member`,
    members: [403, 403, 303, 303],
    body: { member_id: '1' },
  },
  'POST /wiki/:slug/confirm-claim': {
    url: (f) => `/wiki/${f.page}/confirm-claim`,
    members: [403, 403, 303, 303],
  },
}

// A valid Argon2id hash is not needed here: these members never log in with a password.
let serial = 0
async function member(app: FastifyInstance, role: Role, status: 'active' | 'pending' = 'active') {
  serial += 1
  return createMember(app.db, {
    email: `${role}-${serial}@matrix.nl`,
    display_name: `${role} ${serial}`,
    password_hash: null,
    role,
    status,
  })
}

async function fixtures(app: FastifyInstance, creator: number): Promise<Fixtures> {
  const { id: invitation } = await createInvitation(app.db, {
    role: 'member',
    email: null,
    createdBy: creator,
    expiresInDays: 1,
  })
  const target = await member(app, 'member')
  const created = await createPage(app.db, {
    title: `Persoon ${serial}`,
    kind: 'person',
    body: 'Werkt aan [[Matrix deal]].',
    fields: emptyFields,
    summary: null,
    authorId: creator,
  })
  if (!created.ok) throw new Error('fixture page')
  await claimPersonPage(app.db, created.id, target)
  const author = await member(app, 'member')
  const title = `Vraag nummer ${serial}`
  const thread = await createThread(app.db, {
    categoryId: 1,
    kind: 'question',
    title,
    body: 'Wie weet dit?',
    authorId: author,
    submissionKey: null,
  })
  const row = await app.db
    .selectFrom('thread')
    .selectAll()
    .where('id', '=', thread.threadId)
    .executeTakeFirstOrThrow()
  const reply = await createReply(app.db, row, { body: 'Ik!', authorId: target, submissionKey: null })
  await createFlag(app.db, reply.postId, author, 'test')
  const flag = await app.db.selectFrom('flag').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
  const sessionInput = {
    title: `Themasessie ${serial}`,
    series: null,
    number: null,
    startsAt: '2026-03-29T08:00:00.000Z',
    endsAt: '2026-03-29T10:00:00.000Z',
    format: 'online' as const,
    location: 'https://vergader.example/abc',
    summary: '',
    report: 'Over [[Matrix deal]].',
    tags: { moderator: [], speaker: [], participant: [], theme: [] },
  }
  const published = await createSession(app.db, { ...sessionInput, status: 'published' }, creator)
  const draft = await createSession(
    app.db,
    { ...sessionInput, title: `Concept ${serial}`, status: 'draft' },
    creator,
  )
  const breakout = await addBreakout(
    app.db,
    published.id,
    { title: 'Zaal A', participants: [], notes: '' },
    creator,
  )
  const idea = await addIdea(app.db, published.id, { title: 'Vervolg', description: '' }, creator)
  return {
    session: published.slug,
    draft: draft.slug,
    breakout,
    idea,
    target,
    pending: await member(app, 'member', 'pending'),
    invitation,
    page: created.slug,
    threadPath: threadPath({ id: thread.threadId, title }),
    threadId: thread.threadId,
    reply: reply.postId,
    flag: flag.id,
  }
}

function routeKeys(app: FastifyInstance): string[] {
  return app.routeAccess.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)
}

describe('authorization matrix', () => {
  test('every route of the app has expectations, and every expectation a route', async ({ app }) => {
    await app.ready()
    const routes = routeKeys(app)
    expect(
      routes.filter((key) => !(key in cases)),
      'routes without expectations',
    ).toEqual([])
    expect(
      Object.keys(cases).filter((key) => !routes.includes(key)),
      'expectations without routes',
    ).toEqual([])
  })

  for (const visibility of ['members', 'public'] as Visibility[]) {
    test(`every route × role answers as expected when visibility is ${visibility}`, async () => {
      const { app, database } = await createTestApp()
      await app.ready()
      await updateSiteSettings(app.db, { visibility })
      const creator = await member(app, 'admin')
      const failures: string[] = []
      for (const key of routeKeys(app)) {
        const [method] = key.split(' ') as [string]
        const expectation = cases[key]
        if (!expectation) continue
        const row =
          visibility === 'public' ? (expectation.public ?? expectation.members) : expectation.members
        for (const [index, who] of everyone.entries()) {
          const client =
            who === 'visitor' ? new TestClient(app) : await clientFor(app, await member(app, who))
          const path = expectation.url(await fixtures(app, creator))
          const response =
            method === 'GET' ? await client.get(path) : await client.post(path, expectation.body ?? {})
          if (response.statusCode !== row[index]) {
            failures.push(`${key} as ${who}: expected ${row[index]}, got ${response.statusCode}`)
          }
        }
      }
      expect(failures).toEqual([])
      await app.close()
      await database.close()
    }, 60_000)
  }
})
