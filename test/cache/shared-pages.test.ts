// A thread page is rendered once per content version and shared by every reader with the same role and
// language (src/http/page-plan.ts): what belongs to one reader — their form token, the actions under
// their own posts, "accept" for the asker, their unread count, a fresh submission key — must still be
// theirs, whoever read the page first.
import { EventEmitter } from 'node:events'
import { rmSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import SQLite from 'better-sqlite3'
import { createReply, createThread, findThread } from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { BufferPool } from '../../src/http/buffer-pool.js'
import { PlanBuilder } from '../../src/http/page-plan.js'
import { notifyReply } from '../../src/notifications/notify.js'
import { addIdea, createSession } from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { createTestApp, describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember } from '../helpers/members.js'
import { testSessionInput } from '../helpers/sessions.js'
import { tempFolder } from '../helpers/temp.js'

async function threadWithReply(app: Parameters<typeof createTestMember>[0]) {
  const asker = await createTestMember(app, { name: 'Vera Vraag' })
  const helper = await createTestMember(app, { name: 'Anton Antwoord' })
  const { threadId, postId: openerId } = await createThread(app.db, {
    categoryId: 1,
    kind: 'question',
    title: 'Wie heeft ervaring met normcommissies?',
    body: 'Graag tips over normcommissies.',
    authorId: asker.id,
    submissionKey: null,
  })
  const thread = await findThread(app.db, threadId)
  if (!thread) throw new Error('thread')
  const { postId: replyId } = await createReply(app.db, thread, {
    body: 'Wij zaten in de NEN-commissie.',
    authorId: helper.id,
    submissionKey: null,
  })
  await notifyReply(app.db, threadId, replyId, helper.id)
  return { asker, helper, threadId, openerId, replyId, path: threadPath(thread) }
}

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1]

describe('a shared thread page', () => {
  test('gives each member their own actions, form token, accept buttons and unread count', async ({
    app,
  }) => {
    const { asker, helper, openerId, replyId, path: threadUrl } = await threadWithReply(app)
    const other = await createTestMember(app, { name: 'Olga Overig' })
    const clients = {
      other: await clientFor(app, other.id),
      helper: await clientFor(app, helper.id),
      asker: await clientFor(app, asker.id),
    }
    // The member with nothing of their own on the page reads first, so the others get the kept page.
    const pages = {
      other: (await clients.other.get(threadUrl)).body,
      helper: (await clients.helper.get(threadUrl)).body,
      asker: (await clients.asker.get(threadUrl)).body,
    }

    // Own posts: edit and delete; others' posts: report.
    expect(pages.helper).toContain(`href="/posts/${replyId}/edit"`)
    expect(pages.helper).toContain(`action="/posts/${replyId}/delete"`)
    expect(pages.helper).not.toContain(`href="/posts/${replyId}/flag"`)
    expect(pages.helper).toContain(`href="/posts/${openerId}/flag"`)
    expect(pages.other).not.toContain(`href="/posts/${replyId}/edit"`)
    expect(pages.other).not.toContain(`action="/posts/${replyId}/delete"`)
    expect(pages.other).toContain(`href="/posts/${replyId}/flag"`)
    expect(pages.asker).toContain(`href="/posts/${openerId}/edit"`)
    expect(pages.asker).not.toContain(`action="/posts/${replyId}/delete"`)

    // Only the asker may accept an answer.
    expect(pages.asker).toContain('action="/threads/')
    expect(pages.asker).toMatch(/\/accept"/)
    expect(pages.other).not.toMatch(/\/accept"/)
    expect(pages.helper).not.toMatch(/\/accept"/)

    // The asker was told of the reply; the others have nothing unread.
    expect(pages.asker).toMatch(
      /class="badge">\d+<span class="visually-hidden"> ongelezen<\/span><\/span><\/a>/,
    )
    expect(pages.other).not.toContain('class="badge"')
    expect(pages.helper).not.toContain('class="badge"')

    // Each page carries its reader's own token, and no hole marker is left in any page.
    const tokens = Object.values(pages).map(tokenOf)
    expect(new Set(tokens).size).toBe(3)
    for (const html of Object.values(pages)) {
      expect(html.includes('\u0001') || html.includes('\u0002')).toBe(false)
    }

    // The tokens work: the other member reports the reply, the helper deletes it.
    const flag = await clients.other.post(`/posts/${replyId}/flag`, { reason: 'Klopt dit wel?' })
    expect(flag.statusCode).toBe(303)
    await clients.helper.get(threadUrl)
    const deleted = await clients.helper.post(`/posts/${replyId}/delete`, {})
    expect(deleted.statusCode).toBe(303)
    expect((await clients.other.get(threadUrl)).body).not.toContain('Wij zaten in de NEN-commissie.')
  })

  test("a member never gets a visitor's kept page, nor a visitor a member's", async ({ app }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const { helper, path: threadUrl } = await threadWithReply(app)
    const visitor = new TestClient(app)
    const first = (await visitor.get(threadUrl)).body
    const member = (await (await clientFor(app, helper.id)).get(threadUrl)).body
    const again = (await visitor.get(threadUrl)).body
    expect(first).toContain('/login?next=')
    expect(first).not.toContain('action="/logout"')
    expect(member).toContain('action="/logout"')
    expect(member).toContain('name="submission_key"')
    expect(again).not.toContain('action="/logout"')
    expect(again).not.toContain('/edit"')
  })

  test('each view of the reply form gets a new submission key', async ({ app }) => {
    const { helper, path: threadUrl } = await threadWithReply(app)
    const client = await clientFor(app, helper.id)
    const key = async () =>
      /name="submission_key" value="([^"]+)"/.exec((await client.get(threadUrl)).body)?.[1]
    const [one, two] = [await key(), await key()]
    expect(one).toMatch(/^[0-9a-f-]{36}$/)
    expect(two).toMatch(/^[0-9a-f-]{36}$/)
    expect(one).not.toBe(two)
  })
})

describe('a kept page', () => {
  test('holds nothing of the requests that rendered it', async () => {
    const { app, database } = await createTestApp()
    try {
      await updateSiteSettings(app.db, { visibility: 'public' })
      const { helper, path: threadUrl } = await threadWithReply(app)
      const requests: WeakRef<object>[] = []
      app.addHook('onResponse', async (request) => {
        requests.push(new WeakRef(request.raw))
      })
      const clients = [new TestClient(app), await clientFor(app, helper.id)]
      // Each role's page is rendered at its first view and kept; the second view is served from it.
      for (const client of clients) {
        for (const _ of [1, 2]) expect((await client.get(threadUrl)).body).toContain('NEN-commissie')
      }
      expect(requests.length).toBeGreaterThanOrEqual(4)
      await collectGarbage()
      expect(requests.filter((request) => request.deref() !== undefined)).toHaveLength(0)
    } finally {
      await app.close()
      await database.close()
    }
  })
})

/** A full collection, after the current job has let go of what it held. */
async function collectGarbage() {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  for (const _ of [1, 2]) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
}

describe('a shared session page', () => {
  test('gives each member their own vote buttons and form token; a visitor none', async ({ app }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const session = await createSession(app.db, { ...testSessionInput(), status: 'published' }, null)
    const ideaId = await addIdea(app.db, session.id, { title: 'Sessie over data', description: '' }, null)
    const voter = await createTestMember(app, { name: 'Vera Voter' })
    const clients = {
      other: await clientFor(app, (await createTestMember(app, { name: 'Olga Overig' })).id),
      voter: await clientFor(app, voter.id),
    }
    const url = `/sessions/${session.slug}`
    await clients.voter.post(`/ideas/${ideaId}/vote`, {}, { from: url })
    const pressed = (html: string) => /aria-pressed="(true|false)"/.exec(html)?.[1]
    // The member with no vote reads first, so the voter gets the kept page.
    const pages = {
      other: (await clients.other.get(url)).body,
      voter: (await clients.voter.get(url)).body,
      visitor: (await new TestClient(app).get(url)).body,
    }
    expect(pressed(pages.other)).toBe('false')
    expect(pressed(pages.voter)).toBe('true')
    expect(pages.visitor).not.toContain(`/ideas/${ideaId}/vote`)
    expect(tokenOf(pages.other)).not.toBe(tokenOf(pages.voter))
    // A vote reaches every later view, not only the one right after it (which carries a notice and
    // is never the kept page): the count for everyone, the pressed button for the voter.
    await clients.other.post(`/ideas/${ideaId}/vote`, {}, { from: url })
    await clients.other.get(url)
    const again = { other: (await clients.other.get(url)).body, voter: (await clients.voter.get(url)).body }
    expect(pressed(again.other)).toBe('true')
    expect(again.voter).toContain('2 stemmen')
    // Withdrawing the vote reaches the voter's next views.
    await clients.voter.post(`/ideas/${ideaId}/vote`, {}, { from: url })
    await clients.voter.get(url)
    expect(pressed((await clients.voter.get(url)).body)).toBe('false')
  })
})

describe('writes by another process', () => {
  test('reach the next request: a blocked member, a revoked session, a new site name', async () => {
    const dir = tempFolder('leerplein-stamp-')
    const file = path.join(dir, 'leerplein.sqlite')
    const { app, database } = await createTestApp({}, file)
    try {
      const { helper, asker, path: threadUrl } = await threadWithReply(app)
      const helperClient = await clientFor(app, helper.id)
      const askerClient = await clientFor(app, asker.id)
      expect((await helperClient.get(threadUrl)).body).toContain('action="/logout"')
      expect((await askerClient.get(threadUrl)).body).toContain('action="/logout"')

      // The CLI, a second connection: SQLite's data_version tells the server its kept reads are old.
      const cli = new SQLite(file)
      cli.prepare("update member set status = 'disabled' where id = ?").run(helper.id)
      cli.prepare('delete from login_session where member_id = ?').run(asker.id)
      cli.close()
      // The server asks SQLite for other processes' writes at most once a millisecond.
      await new Promise((resolve) => setTimeout(resolve, 5))
      const blocked = await helperClient.get(threadUrl)
      expect(blocked.statusCode).toBe(303)
      expect(blocked.headers.location).toMatch(/^\/login/)
      expect((await askerClient.get(threadUrl)).statusCode).toBe(303)

      const other = await createTestMember(app)
      const otherClient = await clientFor(app, other.id)
      expect((await otherClient.get(threadUrl)).body).toContain('<title>')
      const second = (await import('../../src/db/database.js')).openDatabase(file)
      await updateSiteSettings(second.db, { siteName: 'Dealmakers Oost' })
      await second.close()
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect((await otherClient.get(threadUrl)).body).toContain('Dealmakers Oost')
    } finally {
      await app.close()
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a page plan', () => {
  test('fills its holes per reader and leaves text that only looks like a marker alone', () => {
    const plan = new PlanBuilder()
    const token = plan.hole((reader) => reader.csrfToken())
    let asked = 0
    const counted = plan.hole(() => {
      asked += 1
      return String(asked)
    })
    const forged = '\u00010\u0002 \u0001AAAAAAAAAAAAAAAA0\u0002'
    const own = plan.forMembers([7], `<a>edit ${token}</a>`, `<a>report ${token}</a>`)
    const built = plan.build(`<p>${forged}</p><i>${token}</i>${own}<b>${counted}${counted}</b>`)
    const reader = (memberId: number | null) => ({
      memberId,
      unreadNotifications: 0,
      csrfToken: () => `token-${memberId}`,
    })
    // A hole is asked once per view, however often it stands in the page (the layout asks it too).
    expect(built.fill(reader(7)).toString()).toBe(
      `<p>${forged}</p><i>token-7</i><a>edit token-7</a><b>${asked}${asked}</b>`,
    )
    const askedForSeven = asked
    expect(built.fill(reader(8)).toString()).toBe(
      `<p>${forged}</p><i>token-8</i><a>report token-8</a><b>${asked}${asked}</b>`,
    )
    expect(asked).toBe(askedForSeven + 1)
    expect(built.fill(reader(null)).toString()).toContain('<a>report token-null</a>')
  })

  test("keeps each author's page apart, however often and in whatever order they read", () => {
    const plan = new PlanBuilder()
    const first = plan.forMembers([7], '<a>edit 1</a>', '<a>report 1</a>')
    const second = plan.forMembers([8], '<a>edit 2</a>', '<a>report 2</a>')
    const third = plan.forMembers([7], '<a>edit 3</a>', '<a>report 3</a>')
    const built = plan.build(`<p>${first}</p><p>${second}</p><p>${third}</p>`)
    const page = (memberId: number | null) =>
      built.fill({ memberId, unreadNotifications: 0, csrfToken: () => '' }).toString()
    const forSeven = '<p><a>edit 1</a></p><p><a>report 2</a></p><p><a>edit 3</a></p>'
    const forEight = '<p><a>report 1</a></p><p><a>edit 2</a></p><p><a>report 3</a></p>'
    const forOthers = '<p><a>report 1</a></p><p><a>report 2</a></p><p><a>report 3</a></p>'
    for (let round = 0; round < 2; round++) {
      expect(page(7)).toBe(forSeven)
      expect(page(8)).toBe(forEight)
      expect(page(9)).toBe(forOthers)
      expect(page(null)).toBe(forOthers)
    }
    // Its text is held once, every variant included: what a cache of plans counts.
    expect(built.bytes).toBe(Buffer.byteLength(`${forSeven}${forEight}`) - '<p></p>'.length * 3)
  })

  test('fills its own page in place only while no earlier view of it is being sent', () => {
    const plan = new PlanBuilder()
    const token = plan.hole((reader) => reader.csrfToken())
    const badge = plan.hole((reader) =>
      reader.unreadNotifications > 0 ? `(${reader.unreadNotifications})` : '',
    )
    const own = plan.forMembers([7], '<a>edit</a>', '<a>report</a>')
    const built = plan.build(`<nav>${badge}</nav><form>${token}</form>${own}<form>${token}</form>`)
    const reader = (memberId: number, unreadNotifications = 0) => ({
      memberId,
      unreadNotifications,
      csrfToken: () => `token-${memberId}`,
    })
    // A response that tells when it is sent, and memory of its own for copies.
    const response = () => {
      let release = () => {}
      return {
        output: {
          allocate: Buffer.alloc,
          whenSent: (callback: () => void) => {
            release = callback
          },
        },
        sent: () => release(),
      }
    }
    const expected = (memberId: number, badgeText = '', action = 'report') =>
      `<nav>${badgeText}</nav><form>token-${memberId}</form><a>${action}</a><form>token-${memberId}</form>`

    // The first reader has something unread; the page is still laid out for the usual reader.
    const firstResponse = response()
    const first = built.fill(reader(1, 3), firstResponse.output)
    expect(first.toString()).toBe(expected(1, '(3)'))
    firstResponse.sent()
    const second = response()
    const own2 = built.fill(reader(2), second.output)
    expect(own2.toString()).toBe(expected(2))
    // Still being sent: the next reader gets a copy, and the second view is left as it was.
    const third = built.fill(reader(3), response().output)
    expect(third.toString()).toBe(expected(3))
    expect(third.buffer).not.toBe(own2.buffer)
    expect(own2.toString()).toBe(expected(2))
    // Sent: the same memory is filled for the next reader, with nothing left of the earlier one.
    second.sent()
    const fourth = response()
    const own4 = built.fill(reader(4), fourth.output)
    expect(own4.buffer).toBe(own2.buffer)
    expect(own4.byteOffset).toBe(own2.byteOffset)
    expect(own4.toString()).toBe(expected(4))
    fourth.sent()
    // Text of another length than the slots hold, and an author's own page: copies.
    const withBadge = built.fill(reader(5, 5), response().output)
    expect(withBadge.toString()).toBe(expected(5, '(5)'))
    expect(withBadge.buffer).not.toBe(own2.buffer)
    const author = built.fill(reader(7), response().output)
    expect(author.toString()).toBe(expected(7, '', 'edit'))
    expect(author.buffer).not.toBe(own2.buffer)
    // Without a way to tell when a page is sent, the plan always copies.
    expect(built.fill(reader(8)).buffer).not.toBe(own2.buffer)
    expect(built.fill(reader(9), response().output).buffer).toBe(own2.buffer)
  })

  test('lays out any text, holes at either end, and choices inside choices', () => {
    const plan = new PlanBuilder()
    const token = plan.hole((reader) => reader.csrfToken())
    const empty = plan.hole(() => '')
    const inner = plan.forMembers([8], `<i>mine ${token}</i>`, `<i>theirs ${token}</i>`)
    const outer = plan.forMembers([7], `<b>é😀\ud800 ${inner}</b>`, `<b>ß ${inner}${empty}</b>`)
    const built = plan.build(`${token}<p>Één ${outer} ☃</p>${empty}${token}`)
    const page = (memberId: number | null, whenSent?: (release: () => void) => void) =>
      built
        .fill(
          { memberId, unreadNotifications: 0, csrfToken: () => `t${memberId}` },
          { allocate: Buffer.alloc, whenSent },
        )
        .toString()
    const done = (release: () => void) => release()
    for (let round = 0; round < 2; round++) {
      expect(page(1, done)).toBe('t1<p>Één <b>ß <i>theirs t1</i></b> ☃</p>t1')
      expect(page(7, done)).toBe('t7<p>Één <b>é😀\ufffd <i>theirs t7</i></b> ☃</p>t7')
      expect(page(8, done)).toBe('t8<p>Één <b>ß <i>mine t8</i></b> ☃</p>t8')
      expect(page(null)).toBe('tnull<p>Één <b>ß <i>theirs tnull</i></b> ☃</p>tnull')
    }
  })
})

describe('the buffer pool', () => {
  test('lends a buffer again only after the response that had it has closed', () => {
    const pool = new BufferPool(1024, 4)
    const first = new EventEmitter() as unknown as ServerResponse
    const second = new EventEmitter() as unknown as ServerResponse
    const a = pool.lend(100, first)
    a.fill(1)
    const b = pool.lend(100, second)
    expect(b.buffer).not.toBe(a.buffer)
    first.emit('close')
    const c = pool.lend(200, second)
    expect(c.buffer).toBe(a.buffer)
    expect(c.length).toBe(200)
    // Larger than a pooled buffer: its own memory, never kept.
    expect(pool.lend(2048, first).length).toBe(2048)
  })

  test('takes a buffer back at once from a response already destroyed', () => {
    const pool = new BufferPool(1024, 4)
    const gone = Object.assign(new EventEmitter(), { destroyed: true }) as unknown as ServerResponse
    const a = pool.lend(100, gone)
    expect(pool.lend(100, new EventEmitter() as unknown as ServerResponse).buffer).toBe(a.buffer)
  })
})
