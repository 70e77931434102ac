import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { FastifyInstance } from 'fastify'
import { createReply, createThread, type ThreadRow } from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, updatePage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import type { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'

async function ask(client: TestClient, form: Record<string, string> = {}) {
  const page = await client.get('/threads/new')
  const key = /name="submission_key" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  return client.post('/threads', {
    title: 'Hoe houden jullie partners betrokken?',
    kind: 'question',
    category_id: '1',
    body: 'Wij hebben veertig partners.',
    submission_key: key,
    ...form,
  })
}

async function threadRow(app: FastifyInstance, id: number): Promise<ThreadRow> {
  return app.db.selectFrom('thread').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function seedThread(
  app: FastifyInstance,
  authorId: number,
  title = 'Een vraag over borgen',
  at?: Date,
) {
  const created = await createThread(
    app.db,
    { categoryId: 1, kind: 'question', title, body: 'Wie weet het?', authorId, submissionKey: null },
    at,
  )
  return threadRow(app, created.threadId)
}

const replyKey = (body: string) => /name="submission_key" value="([^"]+)"/.exec(body)?.[1] ?? ''

describe('asking and answering', () => {
  test('a member asks; the thread has a canonical address with its slug', async ({ app }) => {
    const { client } = await loggedIn(app)
    const response = await ask(client)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toMatch(/^\/threads\/\d+-hoe-houden-jullie-partners-betrokken$/)
    const id = /\/threads\/(\d+)/.exec(response.headers.location as string)?.[1]
    const bare = await client.get(`/threads/${id}`)
    expect(bare.statusCode).toBe(301)
    expect(bare.headers.location).toBe(response.headers.location)
    expect((await client.get(`/threads/${id}-verkeerde-naam`)).headers.location).toBe(
      response.headers.location,
    )
    const page = await client.get(response.headers.location as string)
    expect(page.body).toContain('<h1>Hoe houden jullie partners betrokken?</h1>')
    expect(page.body).toContain('Wij hebben veertig partners.')
  })

  test('invalid input keeps the text and says what is wrong', async ({ app }) => {
    const { client } = await loggedIn(app)
    const response = await ask(client, { title: 'Kort', body: '', category_id: '' })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('value="Kort"')
    expect(response.body).toContain('Gebruik voor de titel minstens 5 tekens.')
    expect(response.body).toContain('Schrijf eerst iets.')
    expect(response.body).toContain('Kies een categorie.')
    const long = await ask(client, { title: 'x'.repeat(151), body: 'y'.repeat(50_001) })
    expect(long.body).toContain('hoogstens 150 tekens')
    expect(long.body).toContain('hoogstens 50.000 tekens')
  })

  test('the same form submitted twice creates one thread and one reply', async ({ app }) => {
    const { client } = await loggedIn(app)
    const page = await client.get('/threads/new')
    const key = replyKey(page.body)
    const form = {
      title: 'Dubbel geklikt',
      kind: 'discussion',
      category_id: '1',
      body: 'Eén keer.',
      submission_key: key,
    }
    const first = await client.post('/threads', form)
    const second = await client.post('/threads', form)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await app.db.selectFrom('thread').selectAll().execute()).toHaveLength(1)
    const threadPage = await client.get(first.headers.location as string)
    const id = /\/threads\/(\d+)/.exec(first.headers.location as string)?.[1]
    const reply = { body: 'Mijn reactie', submission_key: replyKey(threadPage.body) }
    await client.post(`/threads/${id}/replies`, reply)
    await client.post(`/threads/${id}/replies`, reply)
    expect(await app.db.selectFrom('post').selectAll().execute()).toHaveLength(2)
  })

  test('the asker accepts an answer; the list shows it solved; the answerer is notified', async ({ app }) => {
    const asker = await createTestMember(app, { name: 'Vera Vraag' })
    const answerer = await createTestMember(app, { name: 'Aart Antwoord' })
    const thread = await seedThread(app, asker.id)
    const reply = await createReply(app.db, thread, {
      body: 'Zo doen wij het.',
      authorId: answerer.id,
      submissionKey: null,
    })
    const askerClient = await clientFor(app, asker.id)
    const answererClient = await clientFor(app, answerer.id)
    // Someone else cannot accept.
    const other = (await loggedIn(app)).client
    expect(
      (await other.post(`/threads/${thread.id}/accept`, { post_id: String(reply.postId) })).statusCode,
    ).toBe(403)
    expect(
      (await askerClient.post(`/threads/${thread.id}/accept`, { post_id: String(reply.postId) })).statusCode,
    ).toBe(303)
    const page = await askerClient.get(threadPath(thread))
    expect(page.body).toContain('id="accepted-title"')
    expect(page.body).toContain('post--accepted')
    const ids = [...page.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'duplicate ids',
    ).toEqual([])
    expect((await askerClient.get('/threads')).body).toContain('opgelost')
    expect((await askerClient.get('/threads?filter=unanswered')).body).not.toContain(thread.title)
    const inbox = await answererClient.get('/notifications')
    expect(inbox.body).toContain('Vera Vraag markeerde uw antwoord')
    expect(inbox.body).toMatch(/<span class="badge">1</)
    // Unmark again.
    await askerClient.post(`/threads/${thread.id}/accept`, {})
    expect((await threadRow(app, thread.id)).accepted_post_id).toBeNull()
  })

  test('replies notify the asker and earlier repliers; inbox marks read', async ({ app }) => {
    const asker = await createTestMember(app, { name: 'Asker' })
    const first = await createTestMember(app, { name: 'Eerste' })
    const second = await createTestMember(app, { name: 'Tweede' })
    const thread = await seedThread(app, asker.id)
    await createReply(app.db, thread, { body: 'een', authorId: first.id, submissionKey: null })
    await createReply(app.db, thread, { body: 'twee', authorId: second.id, submissionKey: null })
    const askerClient = await clientFor(app, asker.id)
    const firstClient = await clientFor(app, first.id)
    const inbox = await askerClient.get('/notifications')
    expect(inbox.body).toContain('Eerste reageerde in')
    expect(inbox.body).toContain('Tweede reageerde in')
    expect((await firstClient.get('/notifications')).body).toContain('Tweede reageerde in')
    await askerClient.post('/notifications/read-all', {})
    expect((await askerClient.get('/notifications')).body).not.toContain('class="badge"')
  })

  test('opening a notification marks it read and leads to the post; no one else may open it', async ({
    app,
  }) => {
    const asker = await createTestMember(app, { name: 'Asker' })
    const helper = await createTestMember(app, { name: 'Helper' })
    const thread = await seedThread(app, asker.id)
    const { postId } = await createReply(app.db, thread, {
      body: 'een',
      authorId: helper.id,
      submissionKey: null,
    })
    const askerClient = await clientFor(app, asker.id)
    const inbox = (await askerClient.get('/notifications')).body
    expect(inbox).toMatch(/<span class="badge">1</)
    const open = /href="(\/notifications\/\d+\/open)"/.exec(inbox)?.[1]
    if (!open) throw new Error('no link to open the notification')
    // Someone else following the same link learns nothing and reads nothing.
    expect((await (await clientFor(app, helper.id)).get(open)).statusCode).toBe(404)
    const opened = await askerClient.get(open)
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe(`/posts/${postId}`)
    expect((await askerClient.get('/notifications')).body).not.toContain('class="badge"')
  })

  test('[[links]] in posts appear under Mentioned in, and mention the member of a claimed person page', async ({
    app,
  }) => {
    const { client, member } = await loggedIn(app)
    const person = await createTestMember(app, { name: 'Pien Persoon' })
    await createPage(app.db, {
      title: 'City Deal Test',
      kind: 'deal',
      body: '',
      fields: emptyFields,
      summary: null,
      authorId: member.id,
    })
    const personPage = await createPage(app.db, {
      title: 'Pien Persoon',
      kind: 'person',
      body: '',
      fields: emptyFields,
      summary: null,
      authorId: member.id,
    })
    if (!personPage.ok) throw new Error('fixture')
    await app.db
      .updateTable('member')
      .set({ person_page_id: personPage.id })
      .where('id', '=', person.id)
      .execute()
    await ask(client, { body: 'Bij [[City Deal Test]] vroeg [[Pien Persoon]] zich dit af.' })
    const deal = await client.get('/wiki/city-deal-test')
    expect(deal.body).toContain('Vragen en discussies')
    expect(deal.body).toContain('Hoe houden jullie partners betrokken?')
    expect(deal.body).toContain('Bij City Deal Test vroeg Pien Persoon zich dit af.')
    expect((await client.get('/threads')).body).toContain(
      'class="label label--deal" href="/wiki/city-deal-test"',
    )
    const mentioned = await clientFor(app, person.id)
    expect((await mentioned.get('/notifications')).body).toContain('noemde u in')
  })
})

describe('moderation', () => {
  test('a locked thread shows no reply form and refuses a reply with 403', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    expect((await client.get(threadPath(thread))).body).toContain('id="reply"')
    await moderator.post(`/threads/${thread.id}/lock`, {}, { from: threadPath(thread) })
    const page = await client.get(threadPath(thread))
    expect(page.body).not.toContain('id="reply"')
    expect(page.body).toContain('Dit onderwerp is gesloten')
    const refused = await client.post(
      `/threads/${thread.id}/replies`,
      { body: 'Toch nog' },
      { from: threadPath(thread) },
    )
    expect(refused.statusCode).toBe(403)
    expect(await app.db.selectFrom('post').selectAll().where('body', '=', 'Toch nog').execute()).toEqual([])
  })

  test('a hidden post is invisible to members and visible to moderators', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    const reply = await createReply(app.db, thread, {
      body: 'Ongepaste tekst',
      authorId: member.id,
      submissionKey: null,
    })
    await moderator.post(`/posts/${reply.postId}/hide`, {}, { from: threadPath(thread) })
    expect((await client.get(threadPath(thread))).body).not.toContain('Ongepaste tekst')
    expect((await client.get(`/posts/${reply.postId}`)).statusCode).toBe(404)
    const seen = await moderator.get(threadPath(thread))
    expect(seen.body).toContain('Ongepaste tekst')
    expect(seen.body).toContain('verborgen door een moderator')
    expect((await threadRow(app, thread.id)).reply_count).toBe(0)
  })

  test('a hidden thread is gone for members and listed for moderators', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id, 'Verdwijnt uit de lijst')
    await moderator.post(`/threads/${thread.id}/hide`, {}, { from: '/threads' })
    expect((await client.get('/threads')).body).not.toContain('Verdwijnt uit de lijst')
    expect((await client.get(threadPath(thread))).statusCode).toBe(404)
    expect((await moderator.get('/threads')).body).toContain('Verdwijnt uit de lijst')
  })

  test('moving a thread puts it in the other category', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const thread = await seedThread(app, (await createTestMember(app)).id, 'Verhuist')
    await moderator.post(`/threads/${thread.id}/move`, { category_id: '3' }, { from: threadPath(thread) })
    expect((await moderator.get('/threads?category=resultaten-borgen')).body).toContain('Verhuist')
    expect((await moderator.get('/threads?category=vragen-uit-de-praktijk')).body).not.toContain('Verhuist')
  })

  test('pinned threads come first, then newest activity', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const author = (await createTestMember(app)).id
    const old = await seedThread(app, author, 'Oud maar vastgezet', new Date('2020-01-01T00:00:00Z'))
    await seedThread(app, author, 'Nieuwer onderwerp', new Date('2024-01-01T00:00:00Z'))
    await moderator.post(`/threads/${old.id}/pin`, {}, { from: '/threads' })
    const list = (await moderator.get('/threads')).body
    expect(list.indexOf('Oud maar vastgezet')).toBeLessThan(list.indexOf('Nieuwer onderwerp'))
  })

  test('flags reach the moderators’ queue and are resolved by hiding or dismissing', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const author = await createTestMember(app, { name: 'Schrijver' })
    const flagger = await loggedIn(app)
    const thread = await seedThread(app, author.id)
    const one = await createReply(app.db, thread, {
      body: 'Eerste bericht',
      authorId: author.id,
      submissionKey: null,
    })
    const two = await createReply(app.db, thread, {
      body: 'Tweede bericht',
      authorId: author.id,
      submissionKey: null,
    })
    await flagger.client.post(
      `/posts/${one.postId}/flag`,
      { reason: 'Persoonlijke aanval' },
      { from: threadPath(thread) },
    )
    await flagger.client.post(`/posts/${two.postId}/flag`, { reason: 'Reclame' })
    const queue = await moderator.get('/admin/flags')
    expect(queue.body).toContain('Persoonlijke aanval')
    expect(queue.body).toContain('Reclame')
    const ids = [...queue.body.matchAll(/\/admin\/flags\/(\d+)\/resolve/g)].map((m) => m[1])
    await moderator.post(`/admin/flags/${ids[0]}/resolve`, { resolution: 'hide' })
    await moderator.post(`/admin/flags/${ids[2]}/resolve`, { resolution: 'dismiss' })
    expect((await moderator.get('/admin/flags')).body).toContain('Er zijn geen open meldingen.')
    const hidden = await app.db
      .selectFrom('post')
      .select(['id', 'hidden'])
      .where('id', 'in', [one.postId, two.postId])
      .execute()
    expect(hidden.find((p) => p.id === one.postId)?.hidden).toBe(1)
    expect(hidden.find((p) => p.id === two.postId)?.hidden).toBe(0)
    // The author never learns who flagged them.
    const authorView = await (await clientFor(app, author.id)).get(threadPath(thread))
    expect(authorView.body).not.toContain(flagger.member.name)
  })

  test('every moderator action lands in the audit log', async ({ app }) => {
    const { client: moderator, member: mod } = await loggedIn(app, 'moderator')
    const author = await createTestMember(app)
    const thread = await seedThread(app, author.id)
    const reply = await createReply(app.db, thread, {
      body: 'tekst',
      authorId: author.id,
      submissionKey: null,
    })
    for (const action of ['pin', 'lock', 'hide', 'hide', 'lock', 'pin']) {
      await moderator.post(`/threads/${thread.id}/${action}`, {}, { from: '/threads' })
    }
    await moderator.post(`/threads/${thread.id}/move`, { category_id: '2' })
    await moderator.post(`/posts/${reply.postId}/hide`, {})
    await moderator.post(`/posts/${reply.postId}/hide`, {})
    const edit = await moderator.post(`/posts/${reply.postId}`, { body: 'door moderator aangepast' })
    expect(edit.statusCode).toBe(303)
    // Choosing the answer for someone else's question.
    await moderator.post(`/threads/${thread.id}/accept`, { post_id: String(reply.postId) })
    await moderator.post(`/threads/${thread.id}/accept`, {})
    // Resolving reports: one by hiding the post, one by dismissing it.
    const flagger = (await loggedIn(app)).client
    const second = await createReply(app.db, thread, {
      body: 'nog een',
      authorId: author.id,
      submissionKey: null,
    })
    await flagger.post(`/posts/${reply.postId}/flag`, { reason: 'Ongepast' })
    await flagger.post(`/posts/${second.postId}/flag`, { reason: 'Reclame' })
    const queue = (await moderator.get('/admin/flags')).body
    const [hideId, dismissId] = [...queue.matchAll(/\/admin\/flags\/(\d+)\/resolve/g)].map((m) => m[1])
    await moderator.post(`/admin/flags/${hideId}/resolve`, { resolution: 'hide' })
    await moderator.post(`/admin/flags/${dismissId}/resolve`, { resolution: 'dismiss' })
    const actions = (
      await app.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_id', '=', mod.id)
        .orderBy('id')
        .execute()
    ).map((r) => r.action)
    expect(actions).toEqual([
      'thread.pin',
      'thread.lock',
      'thread.hide',
      'thread.unhide',
      'thread.unlock',
      'thread.unpin',
      'thread.move',
      'post.hide',
      'post.unhide',
      'post.edit',
      'thread.accept',
      'thread.unaccept',
      'flag.hide',
      'flag.dismiss',
    ])
    const audit = (await (await loggedIn(app, 'admin')).client.get('/admin/audit')).body
    expect(audit).toContain('Antwoord gemarkeerd voor de vraagsteller')
    expect(audit).toContain('Antwoord niet meer gemarkeerd voor de vraagsteller')
  })

  test('the asker choosing their own answer is not moderation and is not logged', async ({ app }) => {
    const asker = await createTestMember(app)
    const thread = await seedThread(app, asker.id)
    const reply = await createReply(app.db, thread, {
      body: 'antwoord',
      authorId: (await createTestMember(app)).id,
      submissionKey: null,
    })
    const client = await clientFor(app, asker.id)
    await client.post(`/threads/${thread.id}/accept`, { post_id: String(reply.postId) })
    await client.post(`/threads/${thread.id}/accept`, {})
    expect(await app.db.selectFrom('audit_log').selectAll().execute()).toEqual([])
  })

  test('a member cannot flag their own post, not even with a hand-made request', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    const own = await createReply(app.db, thread, { body: 'mijn', authorId: member.id, submissionKey: null })
    const page = await client.get(threadPath(thread))
    expect(page.body).not.toContain(`href="/posts/${own.postId}/flag"`)
    expect((await client.get(`/posts/${own.postId}/flag`)).statusCode).toBe(403)
    const refused = await client.post(`/posts/${own.postId}/flag`, { reason: 'test' })
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('U kunt uw eigen bericht niet melden.')
    expect(await app.db.selectFrom('flag').selectAll().execute()).toEqual([])
    // Someone else's report still goes through.
    const other = (await loggedIn(app)).client
    expect((await other.post(`/posts/${own.postId}/flag`, { reason: 'test' })).statusCode).toBe(303)
    expect(await app.db.selectFrom('flag').selectAll().execute()).toHaveLength(1)
  })
})

describe('reporting a post', () => {
  test('has its own page; a report without a reason shows the form again with the message', async ({
    app,
  }) => {
    const author = await createTestMember(app, { name: 'Wim Schrijver' })
    const thread = await seedThread(app, author.id)
    const { postId } = await createReply(app.db, thread, {
      body: 'Koop nu **goedkope** horloges.',
      authorId: author.id,
      submissionKey: null,
    })
    const { client } = await loggedIn(app)
    const threadPage = await client.get(threadPath(thread))
    expect(threadPage.body).toContain(`href="/posts/${postId}/flag"`)
    const form = await client.get(`/posts/${postId}/flag`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Wim Schrijver')
    expect(form.body).toContain('<strong>goedkope</strong>')
    expect(form.body).toContain(`action="/posts/${postId}/flag"`)
    const empty = await client.post(`/posts/${postId}/flag`, { reason: '   ' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('id="f-reason-error"')
    expect(empty.body).toContain('Geef een reden op voor uw melding.')
    expect(await app.db.selectFrom('flag').selectAll().execute()).toEqual([])
    const sent = await client.post(`/posts/${postId}/flag`, { reason: 'Reclame' })
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toContain(`#post-${postId}`)
    expect(await app.db.selectFrom('flag').select('reason').execute()).toEqual([{ reason: 'Reclame' }])
  })
})

describe('posts', () => {
  test('a permalink finds a post on page 3', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    let target = 0
    for (let i = 1; i <= 50; i++) {
      const reply = await createReply(app.db, thread, {
        body: `Reactie ${i}`,
        authorId: member.id,
        submissionKey: null,
      })
      if (i === 45) target = reply.postId
    }
    const viaPost = await client.get(`/posts/${target}`)
    expect(viaPost.statusCode).toBe(303)
    expect(viaPost.headers.location).toBe(`${threadPath(thread)}?page=3#post-${target}`)
    expect((await client.get(`${threadPath(thread)}?post=${target}`)).headers.location).toBe(
      viaPost.headers.location,
    )
    const page3 = await client.get(`${threadPath(thread)}?page=3`)
    expect(page3.body).toContain(`id="post-${target}"`)
    expect(page3.body).toContain('Reactie 45')
    expect(page3.body).not.toContain('Reactie 40<')
    expect((await client.get(`${threadPath(thread)}?page=4`)).statusCode).toBe(404)
  })

  test('editing keeps a history; a deleted post says so and leaves its place', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    const reply = await createReply(app.db, thread, {
      body: 'Eerste versie van mijn antwoord',
      authorId: member.id,
      submissionKey: null,
    })
    const edited = await client.post(
      `/posts/${reply.postId}`,
      { body: 'Tweede versie van mijn antwoord' },
      { from: threadPath(thread) },
    )
    expect(edited.statusCode).toBe(303)
    const page = await client.get(threadPath(thread))
    expect(page.body).toContain(`href="/posts/${reply.postId}/history">bewerkt</a>`)
    const history = await client.get(`/posts/${reply.postId}/history`)
    expect(history.body).toContain('<del>Eerste</del>')
    expect(history.body).toContain('<ins>Tweede</ins>')
    // Someone else cannot edit or delete it.
    const other = (await loggedIn(app)).client
    expect((await other.post(`/posts/${reply.postId}`, { body: 'overgenomen' })).statusCode).toBe(404)
    expect((await other.post(`/posts/${reply.postId}/delete`, {})).statusCode).toBe(404)
    expect((await client.post(`/posts/${reply.postId}/delete`, {})).statusCode).toBe(303)
    const after = await client.get(threadPath(thread))
    expect(after.body).toContain('Dit bericht is verwijderd door de schrijver.')
    expect(after.body).not.toContain('Tweede versie van mijn antwoord')
    expect((await threadRow(app, thread.id)).reply_count).toBe(0)
  })

  test('a quote pre-fills the reply form', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    const reply = await createReply(app.db, thread, {
      body: 'Goed punt\ntweede regel',
      authorId: member.id,
      submissionKey: null,
    })
    const page = await client.get(`${threadPath(thread)}?quote=${reply.postId}`)
    expect(page.body).toContain(`**${member.name}** schreef:\n&gt; Goed punt\n&gt; tweede regel`)
    // The label is stored in the post: in the community's language, whatever the quoter reads in.
    await app.db.updateTable('member').set({ locale: 'en' }).where('id', '=', member.id).execute()
    const inEnglish = await client.get(`${threadPath(thread)}?quote=${reply.postId}`)
    expect(inEnglish.body).toContain('<html lang="en">')
    expect(inEnglish.body).toContain(`**${member.name}** schreef:`)
    await updateSiteSettings(app.db, { defaultLocale: 'en' })
    expect((await client.get(`${threadPath(thread)}?quote=${reply.postId}`)).body).toContain(
      `**${member.name}** wrote:`,
    )
  })

  test('posting is limited per member with a clear message', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await seedThread(app, member.id)
    for (let i = 0; i < 10; i++) {
      const r = await client.post(
        `/threads/${thread.id}/replies`,
        { body: `bericht ${i}` },
        { from: threadPath(thread) },
      )
      expect(r.statusCode).toBe(303)
    }
    const blocked = await client.post(`/threads/${thread.id}/replies`, { body: 'nog een' })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.body).toContain('Probeer het over')
  })
})

describe('thread list', () => {
  test('keyset pagination stays stable while new threads arrive', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const base = Date.parse('2025-01-01T00:00:00Z')
    for (let i = 0; i < 65; i++) {
      await seedThread(
        app,
        member.id,
        `Onderwerp nummer ${String(i).padStart(2, '0')}`,
        new Date(base + i * 60_000),
      )
    }
    const first = await client.get('/threads')
    const next = /href="(\/threads\?after=[^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&') as string
    expect(first.body).toContain('Onderwerp nummer 64')
    expect(first.body).not.toContain('Onderwerp nummer 34')
    // New activity arrives before the person opens the next page.
    await seedThread(app, member.id, 'Gloednieuw onderwerp', new Date(base + 1000 * 60_000))
    const second = await client.get(next)
    const titles = [...second.body.matchAll(/Onderwerp nummer (\d+)/g)].map((m) => Number(m[1]))
    expect(titles[0]).toBe(34)
    expect(titles).toHaveLength(30)
    expect(second.body).not.toContain('Gloednieuw onderwerp')
    const thirdHref = /href="(\/threads\?after=[^"]+)"/
      .exec(second.body)?.[1]
      ?.replace(/&amp;/g, '&') as string
    const third = await client.get(thirdHref)
    expect([...third.body.matchAll(/Onderwerp nummer (\d+)/g)].map((m) => Number(m[1]))).toEqual([
      4, 3, 2, 1, 0,
    ])
  })

  test('filters: unanswered questions and my own topics', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const other = await createTestMember(app)
    await seedThread(app, member.id, 'Mijn eigen vraag')
    await seedThread(app, other.id, 'Vraag van een ander')
    const mine = await client.get('/threads?filter=mine')
    expect(mine.body).toContain('Mijn eigen vraag')
    expect(mine.body).not.toContain('Vraag van een ander')
    expect((await client.get('/threads?filter=unanswered')).body).toContain('Vraag van een ander')
  })
})

describe('Atom feed', () => {
  test('is well-formed Atom with the newest threads, per category too', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    await ask(client, { title: 'Eerste vraag in de feed', body: 'Met <b>html</b> & [[Een link]]' })
    await ask(client, { title: 'Tweede & laatste', category_id: '4' })
    await seedThread(app, member.id, 'Verborgen blijft weg')
    await app.db
      .updateTable('thread')
      .set({ hidden: 1 })
      .where('title', '=', 'Verborgen blijft weg')
      .execute()
    const response = await client.get('/feeds/threads.atom')
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect(XMLValidator.validate(response.body)).toBe(true)
    const feed = new XMLParser({ ignoreAttributes: false }).parse(response.body).feed
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    const entries = [feed.entry].flat()
    expect(entries.map((e: { title: { '#text': string } }) => e.title['#text'])).toEqual([
      'Tweede & laatste',
      'Eerste vraag in de feed',
    ])
    expect(entries[1].content['#text']).toContain('&lt;b&gt;html&lt;/b&gt;')
    const category = new XMLParser({ ignoreAttributes: false }).parse(
      (await client.get('/feeds/threads.atom?category=mededelingen')).body,
    ).feed
    expect([category.entry].flat()).toHaveLength(1)
    expect((await client.get('/feeds/threads.atom?category=bestaat-niet')).statusCode).toBe(404)
  })
})

describe('categories', () => {
  test('admins add and rename categories; the default set is Dutch', async ({ app }) => {
    const { client } = await loggedIn(app, 'admin')
    const page = await client.get('/admin/categories')
    expect(page.body).toContain('value="Vragen uit de praktijk"')
    const bad = await client.post(
      '/admin/categories',
      { name: 'x', description: '', position: '5' },
      { from: '/admin/categories' },
    )
    expect(bad.statusCode).toBe(422)
    await client.post('/admin/categories', {
      name: 'Financiering',
      description: 'Geld en middelen',
      position: '5',
    })
    await client.post('/admin/categories/1', { name: 'Praktijkvragen', description: 'Vragen', position: '0' })
    const list = await client.get('/threads')
    expect(list.body).toContain('Financiering')
    expect(list.body).toContain('Praktijkvragen')
  })
})

describe('thread labels after a rename', () => {
  test('a thread keeps its deal and theme labels when the pages are renamed', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    for (const [title, kind] of [
      ['City Deal Oud', 'deal'],
      ['Thema Oud', 'theme'],
      ['Gewone pagina', 'page'],
    ] as const) {
      await createPage(app.db, {
        title,
        kind,
        body: '',
        fields: emptyFields,
        summary: null,
        authorId: member.id,
      })
    }
    const asked = await ask(client, { body: 'Over [[City Deal Oud]], [[Thema Oud]] en [[Gewone pagina]].' })
    const path = asked.headers.location as string
    for (const [slug, title] of [
      ['city-deal-oud', 'City Deal Nieuw'],
      ['thema-oud', 'Thema Nieuw'],
    ] as const) {
      const page = await app.db
        .selectFrom('page')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
      await updatePage(app.db, page.id, page.revision, {
        title,
        kind: page.kind,
        body: page.body,
        fields: emptyFields,
        summary: null,
        authorId: member.id,
      })
    }
    // Written with the old title after the rename.
    await ask(client, { title: 'Een latere vraag', body: 'Nog eens [[Thema Oud]].' })
    const list = (await client.get('/threads')).body
    expect(list).toContain('class="label label--deal" href="/wiki/city-deal-nieuw">City Deal Nieuw</a>')
    expect(list).toContain('class="label label--theme" href="/wiki/thema-nieuw">Thema Nieuw</a>')
    expect(list.match(/href="\/wiki\/thema-nieuw"/g)).toHaveLength(2)
    expect(list).not.toContain('href="/wiki/gewone-pagina"')
    const thread = (await client.get(path)).body
    expect(thread).toContain('class="label label--deal" href="/wiki/city-deal-nieuw">City Deal Nieuw</a>')
    expect(thread).toContain('class="label label--theme" href="/wiki/thema-nieuw">Thema Nieuw</a>')
  })
})
