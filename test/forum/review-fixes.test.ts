// Problems found in review, kept as tests.
import { createReply, createThread } from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { extractLinks, maxLinksPerText } from '../../src/text/wikilinks.js'
import { describe, expect, test } from '../helpers/app.js'
import { clientFor, createTestMember, loggedIn, testPassword } from '../helpers/members.js'

async function thread(app: Parameters<typeof createTestMember>[0], authorId: number) {
  const created = await createThread(app.db, {
    categoryId: 1,
    kind: 'question',
    title: 'Een onderwerp',
    body: 'Opening met geheime tekst',
    authorId,
    submissionKey: null,
  })
  return app.db.selectFrom('thread').selectAll().where('id', '=', created.threadId).executeTakeFirstOrThrow()
}

describe('review fixes', () => {
  test('hostile link-heavy text is handled, with a cap on recorded links', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `[[p${i}]]`).join(' ')
    expect(extractLinks(many)).toHaveLength(maxLinksPerText)
    const brackets = `${'['.repeat(50_000)}[[doel]]`
    expect(extractLinks(brackets).map((l) => l.targetSlug)).toEqual(['doel'])
  })

  test('a quote never shows a hidden post or one from another thread', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const one = await thread(app, member.id)
    const other = await thread(app, member.id)
    const hidden = await createReply(app.db, one, {
      body: 'Verborgen inhoud',
      authorId: member.id,
      submissionKey: null,
    })
    await app.db.updateTable('post').set({ hidden: 1 }).where('id', '=', hidden.postId).execute()
    const foreign = await createReply(app.db, other, {
      body: 'Elders geschreven',
      authorId: member.id,
      submissionKey: null,
    })
    expect((await client.get(`${threadPath(one)}?quote=${hidden.postId}`)).body).not.toContain(
      'Verborgen inhoud',
    )
    expect((await client.get(`${threadPath(one)}?quote=${foreign.postId}`)).body).not.toContain(
      'Elders geschreven',
    )
  })

  test('a hidden opening post shows a placeholder to members', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const t = await thread(app, member.id)
    await app.db
      .updateTable('post')
      .set({ hidden: 1 })
      .where('thread_id', '=', t.id)
      .where('number', '=', 1)
      .execute()
    const page = await client.get(threadPath(t))
    expect(page.body).not.toContain('Opening met geheime tekst')
    expect(page.body).toContain('Dit bericht is verborgen door een moderator.')
  })

  test('pagination and quote links use the thread address, not the current URL', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const t = await thread(app, member.id)
    for (let i = 0; i < 45; i++)
      await createReply(app.db, t, { body: `r${i}`, authorId: member.id, submissionKey: null })
    const page2 = await client.get(`${threadPath(t)}?page=2`)
    expect(page2.body).toContain(`href="${threadPath(t)}?page=3"`)
    expect(page2.body).not.toContain('?page=2?page=')
    // A quote link is only a query: the browser puts it on the page's own address, whatever query that had.
    expect(page2.body).toMatch(/href="\?quote=\d+#reply"/)
  })

  test('a removed post loses its text and its earlier versions', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const t = await thread(app, member.id)
    const reply = await createReply(app.db, t, {
      body: 'Spijt van deze zin',
      authorId: member.id,
      submissionKey: null,
    })
    await client.post(`/posts/${reply.postId}/delete`, {}, { from: threadPath(t) })
    const row = await app.db
      .selectFrom('post')
      .select(['body', 'body_html'])
      .where('id', '=', reply.postId)
      .executeTakeFirst()
    expect(row).toEqual({ body: '', body_html: '' })
    const revisions = await app.db
      .selectFrom('revision')
      .selectAll()
      .where('entity_type', '=', 'post')
      .where('entity_id', '=', reply.postId)
      .execute()
    expect(revisions).toEqual([])
  })

  test('the data download includes posts, revisions and notifications; deletion clears flags and claims', async ({
    app,
  }) => {
    const member = await createTestMember(app, { name: 'Dirk Data' })
    const other = await createTestMember(app)
    const t = await thread(app, member.id)
    await createReply(app.db, t, { body: 'Antwoord van een ander', authorId: other.id, submissionKey: null })
    const reply = await createReply(app.db, t, {
      body: 'Mijn eigen reactie',
      authorId: member.id,
      submissionKey: null,
    })
    await app.db
      .insertInto('flag')
      .values({
        post_id: reply.postId,
        member_id: member.id,
        reason: 'mijn reden',
        created_at: new Date().toISOString(),
      })
      .execute()
    const client = await clientFor(app, member.id)
    const data = (await client.get('/account/export')).json()
    expect(data.posts.map((p: { body: string }) => p.body)).toContain('Mijn eigen reactie')
    expect(data.threadsStarted).toHaveLength(1)
    expect(data.revisions.length).toBeGreaterThanOrEqual(2)
    expect(data.notifications.length).toBeGreaterThanOrEqual(1)
    expect(data.reportsMade[0].reason).toBe('mijn reden')
    await client.post(
      '/account/delete',
      { delete_password: testPassword, confirm: 'yes' },
      { from: '/account' },
    )
    const flags = await app.db.selectFrom('flag').select('member_id').execute()
    expect(flags).toEqual([{ member_id: null }])
    expect(
      await app.db.selectFrom('notification').selectAll().where('member_id', '=', member.id).execute(),
    ).toEqual([])
  })

  test('reserved wiki addresses and another page’s old name cannot be taken', async ({ app }) => {
    const { client } = await loggedIn(app)
    const wanted = await client.post(
      '/wiki',
      { title: 'Wanted', kind: 'page', body: '' },
      { from: '/wiki/new' },
    )
    expect(wanted.statusCode).toBe(422)
    await client.post('/wiki', { title: 'Oude naam', kind: 'page', body: '' })
    await client.post('/wiki/oude-naam', { title: 'Nieuwe naam', kind: 'page', body: '', base_revision: '1' })
    const takeover = await client.post('/wiki', { title: 'Oude Naam', kind: 'page', body: '' })
    expect(takeover.statusCode).toBe(422)
    expect((await client.get('/wiki/oude-naam')).headers.location).toBe('/wiki/nieuwe-naam')
  })
})
