import { inlineText, quoted } from '../../src/account/export-markdown.js'
import { createReply, createThread, editPost, findPost, findThread } from '../../src/forum/queries.js'
import { addBreakout, addIdea, createSession, toggleVote } from '../../src/sessions/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { clientFor, createTestMember } from '../helpers/members.js'

const sessionInput = {
  title: 'Vijfde themasessie',
  series: null,
  number: null,
  startsAt: '2026-03-10T14:30:00.000Z',
  endsAt: '2026-03-10T16:30:00.000Z',
  format: 'online' as const,
  location: '',
  summary: '',
  tags: { moderator: [], speaker: [], participant: [], theme: [] },
}

describe('download my data as Markdown', () => {
  test('holds every text the member wrote, linked to where it lives, in their language', async ({ app }) => {
    const writer = await createTestMember(app, { role: 'moderator', name: 'Wies Schrijver' })
    const other = await createTestMember(app)
    // A thread and a reply of their own, and another member's post they edited as moderator.
    const own = await createThread(app.db, {
      categoryId: 1,
      kind: 'question',
      title: 'Hoe betrek je de provincie?',
      body: '## Mijn kop\n\nEerste alinea van de vraag.',
      authorId: writer.id,
      submissionKey: null,
    })
    const theirs = await createThread(app.db, {
      categoryId: 1,
      kind: 'discussion',
      title: 'Subsidies na 2027',
      body: 'Tekst van een ander.',
      authorId: other.id,
      submissionKey: null,
    })
    const theirThread = await findThread(app.db, theirs.threadId)
    await createReply(app.db, theirThread as NonNullable<typeof theirThread>, {
      body: 'Mijn antwoord op de subsidievraag.',
      authorId: writer.id,
      submissionKey: null,
    })
    const theirPost = await findPost(app.db, theirs.postId)
    await editPost(
      app.db,
      theirPost as NonNullable<typeof theirPost>,
      theirThread as NonNullable<typeof theirThread>,
      {
        body: 'Tekst van een ander, door de moderator verbeterd.',
        title: null,
        editorId: writer.id,
        summary: 'spelling',
      },
    )
    const page = await createPage(app.db, {
      title: 'City Deal [Zuid]',
      kind: 'deal',
      body: 'Wiki-tekst van Wies.',
      fields: emptyFields,
      summary: 'eerste versie',
      authorId: writer.id,
    })
    expect(page.ok).toBe(true)
    const session = await createSession(
      app.db,
      { ...sessionInput, report: 'Verslag geschreven door Wies.', status: 'published' },
      writer.id,
    )
    const breakout = await addBreakout(
      app.db,
      session.id,
      { title: 'Zaal B', participants: [], notes: 'Aantekeningen uit zaal B.' },
      writer.id,
    )
    const idea = await addIdea(
      app.db,
      session.id,
      { title: 'Sessie over grond', description: 'Graag!' },
      writer.id,
    )
    const liked = await addIdea(
      app.db,
      session.id,
      { title: 'Idee van een ander', description: '' },
      other.id,
    )
    await toggleVote(app.db, liked, writer.id)

    const client = await clientFor(app, writer.id)
    const response = await client.get('/account/export?format=md')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="leerplein-mijn-teksten-\d{4}-\d{2}-\d{2}\.md"$/,
    )
    const md = response.body
    expect(md).toMatch(/^# Wat Wies Schrijver schreef op Leerplein\n/)
    expect(md).toContain(`- E-mailadres: ${writer.email}`)
    expect(md).toContain('- Rol: moderator')
    expect(md).toContain('- Uw persoonspagina: geen')
    // Threads and posts, with absolute links so they work when the file is read elsewhere.
    expect(md).toContain(
      `- [Hoe betrek je de provincie?](http://localhost:80/threads/${own.threadId}-hoe-betrek-je-de-provincie) (vraag,`,
    )
    expect(md).toContain(`### [Subsidies na 2027](http://localhost:80/posts/`)
    expect(md).toContain('> Mijn antwoord op de subsidievraag.')
    // The member's own headings stay inside the quoted text.
    expect(md).toContain('> ## Mijn kop\n>\n> Eerste alinea van de vraag.')
    expect(md).toContain('### [City Deal \\[Zuid\\]](http://localhost:80/wiki/city-deal-zuid)')
    expect(md).toContain('Toelichting: eerste versie')
    expect(md).toContain('> Wiki-tekst van Wies.')
    expect(md).toContain(`### Verslag: [Vijfde themasessie](http://localhost:80/sessions/${session.slug})`)
    expect(md).toContain('> Verslag geschreven door Wies.')
    expect(md).toContain(
      `### Break-out: [Zaal B](http://localhost:80/sessions/${session.slug}#breakout-${breakout}) (bij Vijfde themasessie)`,
    )
    expect(md).toContain('> Aantekeningen uit zaal B.')
    expect(md).toContain(
      `- [Sessie over grond](http://localhost:80/sessions/${session.slug}#idea-${idea}) (bij Vijfde themasessie; voorgesteld; 0 stemmen)`,
    )
    expect(md).toContain('## Ideeën waarop u stemde\n\n- Idee van een ander (')
    expect(md).toContain('## Uw bewerkingen van berichten van anderen')
    expect(md).toContain('> Tekst van een ander, door de moderator verbeterd.')
    // What someone else wrote is not presented as the member's.
    expect(md).not.toContain('> Tekst van een ander.\n')
    expect(md).not.toMatch(/argon2|secret_hash|token_hash/)

    // The JSON download names the same places, and the ideas the member proposed.
    const data = (await client.get('/account/export')).json()
    expect(data.ideasProposed.map((i: { title: string }) => i.title)).toEqual(['Sessie over grond'])
    expect(data.revisions.map((r: { path: string | null }) => r.path)).toContain(
      `/sessions/${session.slug}#breakout-${breakout}`,
    )
  })

  test('is written in the member’s language and says so when there is nothing', async ({ app }) => {
    const member = await createTestMember(app, { name: 'Nora Nieuw' })
    await app.db.updateTable('member').set({ locale: 'en' }).where('id', '=', member.id).execute()
    const client = await clientFor(app, member.id)
    const md = (await client.get('/account/export?format=md')).body
    expect(md).toMatch(/^# What Nora Nieuw wrote on Leerplein\n/)
    expect(md).toContain('## Questions and discussions you started\n\nNothing.')
    expect(md).toContain('- Site language: English')
    expect(md).not.toContain('## Your edits to other people’s posts')
  })

  test('escapes titles and quotes bodies so a text cannot break the file’s structure', () => {
    expect(inlineText('Een *kop* met [link](x)\nen # teken')).toBe(
      'Een \\*kop\\* met \\[link\\](x) en \\# teken',
    )
    expect(quoted('# Kop\n\ntekst')).toBe('> # Kop\n>\n> tekst')
    expect(quoted('  ')).toBe('>')
  })
})
