// Views cached against the content version stay current: each is read, the content changes, and the
// next read shows the change.
import { updateMember } from '../../src/auth/queries.js'
import {
  createCategory,
  createReply,
  createThread,
  editPost,
  findPost,
  findThread,
  setAcceptedAnswer,
  setPostHidden,
  setThreadFlag,
  updateCategory,
} from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { createTestThread } from '../helpers/forum.js'
import { createTestMember, loggedIn } from '../helpers/members.js'

describe('a page\'s "Mentioned in"', () => {
  test('follows new links, hiding and category renames after it was shown', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    await createPage(app.db, {
      title: 'Green Deal Zorg',
      kind: 'deal',
      body: 'Een deal.',
      fields: emptyFields,
      summary: null,
      authorId: null,
    })
    const before = await client.get('/wiki/green-deal-zorg')
    expect(before.body).not.toContain('Wie kent de Green Deal?')

    const { threadId } = await createTestThread(app, {
      title: 'Wie kent de Green Deal?',
      body: 'Ervaring met [[Green Deal Zorg]]?',
    })
    const linked = await client.get('/wiki/green-deal-zorg')
    expect(linked.body).toContain('Wie kent de Green Deal?')
    expect(linked.body).toContain('Vragen uit de praktijk')

    await updateCategory(app.db, 1, { name: 'Praktijkvragen', description: '', position: 0 })
    expect((await client.get('/wiki/green-deal-zorg')).body).toContain('Praktijkvragen')

    await setThreadFlag(app.db, threadId, 'hidden', true)
    expect((await client.get('/wiki/green-deal-zorg')).body).not.toContain('Wie kent de Green Deal?')
    // Moderators still see it: the cache keeps the two audiences apart.
    const { client: moderator } = await loggedIn(app, 'moderator')
    expect((await moderator.get('/wiki/green-deal-zorg')).body).toContain('Wie kent de Green Deal?')
    expect((await client.get('/wiki/green-deal-zorg')).body).not.toContain('Wie kent de Green Deal?')
  })
})

describe('long thread titles', () => {
  test('a 150-character title still gives a working address', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const author = await createTestMember(app)
    const title = `${'Samenwerking tussen gemeenten en provincie '.repeat(4)}`.slice(0, 150).trim()
    const { threadId } = await createThread(app.db, {
      categoryId: 1,
      kind: 'discussion',
      title,
      body: 'Tekst.',
      authorId: author.id,
      submissionKey: null,
    })
    const path = threadPath({ id: threadId, title })
    // Longer than Fastify's default limit of 100 characters for a route parameter.
    expect(path.length - '/threads/'.length).toBeGreaterThan(100)
    const response = await client.get(path)
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain(`<h1>${title}</h1>`)
  })
})

describe('a thread page', () => {
  test('shows replies, edits, hiding, accepted answers and new author names after it was shown', async ({
    app,
  }) => {
    const { member: asker, client } = await loggedIn(app)
    const { threadId } = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Hoe houden jullie partners betrokken?',
      body: 'Graag tips.',
      authorId: asker.id,
      submissionKey: null,
    })
    const path = threadPath({ id: threadId, title: 'Hoe houden jullie partners betrokken?' })
    const view = async () => (await client.get(path)).body
    expect(await view()).toContain('Graag tips.')

    const helper = await createTestMember(app, { name: 'Anna Helper' })
    const thread = await findThread(app.db, threadId)
    if (!thread) throw new Error('thread')
    const { postId } = await createReply(app.db, thread, {
      body: 'Een vast ritme van overleg.',
      authorId: helper.id,
      submissionKey: null,
    })
    expect(await view()).toContain('Een vast ritme van overleg.')

    const post = await findPost(app.db, postId)
    if (!post) throw new Error('post')
    await editPost(app.db, post, thread, {
      body: 'Een vast ritme van overleg, elke maand.',
      title: null,
      editorId: helper.id,
      summary: null,
    })
    expect(await view()).toContain('elke maand')

    await updateMember(app.db, helper.id, { display_name: 'Anna de Helper' })
    expect(await view()).toContain('Anna de Helper')

    const current = await findThread(app.db, threadId)
    const edited = await findPost(app.db, postId)
    if (!current || !edited) throw new Error('fixture')
    await setAcceptedAnswer(app.db, current, edited, asker.id)
    expect(await view()).toContain('id="accepted-title"')

    await setPostHidden(app.db, edited, true)
    const hidden = await view()
    expect(hidden).not.toContain('elke maand')
    expect(hidden).not.toContain('id="accepted-title"')
  })
})

describe("a moderator's thread page", () => {
  test('offers a category created after it was shown', async ({ app }) => {
    const { member: mod, client } = await loggedIn(app, 'moderator')
    const { threadId } = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Waar hoort deze vraag?',
      body: 'Even kijken.',
      authorId: mod.id,
      submissionKey: null,
    })
    const path = threadPath({ id: threadId, title: 'Waar hoort deze vraag?' })
    expect((await client.get(path)).body).not.toContain('Woondeals')
    await createCategory(app.db, { slug: 'woondeals', name: 'Woondeals', description: '', position: 9 })
    expect((await client.get(path)).body).toContain('>Woondeals</option>')
  })
})

describe('the home page', () => {
  test('lists open questions and busy threads, and follows answers after it was shown', async ({
    app,
    client,
  }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    expect((await client.get('/')).body).toContain('Er staan geen vragen open.')
    const asker = await createTestMember(app)
    const { threadId } = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Wie heeft een modelconvenant?',
      body: 'Graag.',
      authorId: asker.id,
      submissionKey: null,
    })
    const open = (await client.get('/')).body
    expect(open).toContain('Wie heeft een modelconvenant?</a> <span class="hint">0 reacties</span>')

    const thread = await findThread(app.db, threadId)
    if (!thread) throw new Error('thread')
    const { postId } = await createReply(app.db, thread, {
      body: 'Ja, hier.',
      authorId: asker.id,
      submissionKey: null,
    })
    const busy = (await client.get('/')).body
    expect(busy).toContain('id="busy-threads"')
    expect(
      busy.match(/Wie heeft een modelconvenant\?<\/a> <span class="hint">1 reactie<\/span>/g),
    ).toHaveLength(2)

    const reply = await findPost(app.db, postId)
    const current = await findThread(app.db, threadId)
    if (!reply || !current) throw new Error('fixture')
    await setAcceptedAnswer(app.db, current, reply, asker.id)
    const answered = (await client.get('/')).body
    expect(answered).toContain('Er staan geen vragen open.')
    expect(answered).toContain('Wie heeft een modelconvenant?</a> <span class="hint">1 reactie</span>')
  })
})
