// The limit on new posts: only creating a thread or a reply counts and is refused, and a refused post
// comes back as the form with everything typed and the time to try again.
import { afterEach, beforeEach, vi } from 'vitest'
import { createThread } from '../../src/forum/queries.js'
import { threadPath } from '../../src/forum/thread-path.js'
import { describe, expect, test } from '../helpers/app.js'
import type { TestClient } from '../helpers/http-client.js'
import { loggedIn } from '../helpers/members.js'

const start = new Date('2026-03-02T10:00:00Z') // 11:00 in Amsterdam
const formKey = (body: string) => /name="submission_key" value="([^"]+)"/.exec(body)?.[1] ?? ''

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(start)
})
afterEach(() => {
  vi.useRealTimers()
})

async function postTen(client: TestClient, path: string, threadId: number) {
  for (let i = 0; i < 10; i++) {
    const page = await client.get(path)
    const posted = await client.post(`/threads/${threadId}/replies`, {
      body: `bericht ${i}`,
      submission_key: formKey(page.body),
    })
    expect(posted.statusCode).toBe(303)
  }
}

describe('the post limit', () => {
  test('a refused reply shows the form again with the text and when to try again', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const created = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Een drukke vraag',
      body: 'Wie weet het?',
      authorId: member.id,
      submissionKey: null,
    })
    const thread = { id: created.threadId, title: 'Een drukke vraag' }
    await postTen(client, threadPath(thread), thread.id)
    vi.setSystemTime(new Date(start.getTime() + 3 * 60_000))

    const page = await client.get(threadPath(thread))
    const typed = 'Mijn lange antwoord over <b>borgen</b> & meer'
    const refused = await client.post(`/threads/${thread.id}/replies`, {
      body: typed,
      submission_key: formKey(page.body),
    })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe(String(7 * 60))
    expect(refused.body).toContain(
      'U hebt de afgelopen 10 minuten al 10 berichten geplaatst, het maximum. Probeer het over 7 minuten opnieuw (om 11:10). Uw tekst staat hieronder nog.',
    )
    expect(refused.body).toContain('Mijn lange antwoord over &lt;b&gt;borgen&lt;/b&gt; &amp; meer</textarea>')
    expect(refused.body).toContain(`value="${formKey(page.body)}"`)
    expect(await app.db.selectFrom('post').selectAll().where('body', '=', typed).execute()).toEqual([])

    // Preview still works, and so does editing an existing post.
    const preview = await client.post(`/threads/${thread.id}/replies`, { body: '**vet**', action: 'preview' })
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('<strong>vet</strong>')
    const own = await app.db
      .selectFrom('post')
      .select('id')
      .where('body', '=', 'bericht 0')
      .executeTakeFirstOrThrow()
    const edited = await client.post(`/posts/${own.id}`, { body: 'bericht 0, verbeterd' })
    expect(edited.statusCode).toBe(303)

    // In the last minute the message says so in the singular; in English too.
    vi.setSystemTime(new Date(start.getTime() + 9.5 * 60_000))
    const soon = await client.post(`/threads/${thread.id}/replies`, { body: typed })
    expect(soon.body).toContain('Probeer het over 1 minuut opnieuw (om 11:10).')
    const english = await client.post(
      `/threads/${thread.id}/replies`,
      { body: typed },
      { headers: { 'accept-language': 'en' } },
    )
    expect(english.body).toContain('Please try again in 1 minute (at 11:10). Your text is kept below.')

    // After the window the same form posts.
    vi.setSystemTime(new Date(start.getTime() + 10 * 60_000 + 1000))
    const later = await client.post(`/threads/${thread.id}/replies`, {
      body: typed,
      submission_key: formKey(page.body),
    })
    expect(later.statusCode).toBe(303)
    expect(await app.db.selectFrom('post').selectAll().where('body', '=', typed).execute()).toHaveLength(1)
  })

  test('a refused new thread keeps title, kind, category and text', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const thread = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Een drukke vraag',
      body: 'Wie weet het?',
      authorId: member.id,
      submissionKey: null,
    })
    await postTen(client, threadPath({ id: thread.threadId, title: 'Een drukke vraag' }), thread.threadId)
    const form = await client.get('/threads/new')
    const refused = await client.post('/threads', {
      title: 'Nog een vraag van mij',
      kind: 'discussion',
      category_id: '2',
      body: 'De tekst die ik typte',
      submission_key: formKey(form.body),
    })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain('Probeer het over 10 minuten opnieuw (om 11:10).')
    expect(refused.body).toContain('value="Nog een vraag van mij"')
    expect(refused.body).toMatch(/value="discussion" checked/)
    expect(refused.body).toMatch(/<option value="2" selected/)
    expect(refused.body).toContain('De tekst die ik typte</textarea>')
    expect(await app.db.selectFrom('thread').selectAll().execute()).toHaveLength(1)
  })

  test('a form sent twice at the limit leads to the post it made, not to a refusal', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const created = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Een drukke vraag',
      body: 'Wie weet het?',
      authorId: member.id,
      submissionKey: null,
    })
    const thread = await app.db
      .selectFrom('thread')
      .selectAll()
      .where('id', '=', created.threadId)
      .executeTakeFirstOrThrow()
    await postTen(client, threadPath(thread), thread.id)
    const page = await client.get(threadPath(thread))
    const key = formKey(page.body)
    expect(
      (await client.post(`/threads/${thread.id}/replies`, { body: 'één', submission_key: key })).statusCode,
    ).toBe(429)
    const last = await app.db
      .selectFrom('post')
      .select(['id', 'submission_key'])
      .where('body', '=', 'bericht 9')
      .executeTakeFirstOrThrow()
    const again = await client.post(`/threads/${thread.id}/replies`, {
      body: 'bericht 9',
      submission_key: last.submission_key ?? '',
    })
    expect(again.statusCode).toBe(303)
    expect(again.headers.location).toContain(`#post-${last.id}`)
  })
})
