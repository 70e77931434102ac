import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'

describe('the person page on the account page', () => {
  test('without one, explains how to claim it and links to the people and a new page', async ({ app }) => {
    const { client } = await loggedIn(app)
    const page = await client.get('/account')
    expect(page.body).toContain('<h2 id="person-page-title">Uw persoonspagina</h2>')
    expect(page.body).toContain(
      'kies daar &quot;Dit ben ik: koppel deze pagina aan mijn account&quot;; een moderator bevestigt de koppeling.',
    )
    expect(page.body).toContain('<a href="/wiki?kind=person">Personen in de wiki</a>')
    expect(page.body).toMatch(
      /<a href="\/wiki\/new\?kind=person&amp;title=Test\+member\+\d+">Maak uw persoonspagina<\/a>/,
    )
    const english = await client.get('/account', { 'accept-language': 'en' })
    expect(english.body).toContain('<h2 id="person-page-title">Your person page</h2>')
    expect(english.body).toContain('<a href="/wiki?kind=person">People in the wiki</a>')
  })

  test('after claiming shows the page as waiting, after a moderator confirms links to it', async ({
    app,
  }) => {
    const member = await createTestMember(app, { name: 'Pim Persoon' })
    const moderator = await createTestMember(app, { role: 'moderator' })
    const created = await createPage(app.db, {
      title: 'Pim Persoon',
      kind: 'person',
      body: 'Werkt bij de provincie.',
      fields: emptyFields,
      summary: null,
      authorId: moderator.id,
    })
    if (!created.ok) throw new Error('page')
    const client = await clientFor(app, member.id)
    expect((await client.post('/wiki/pim-persoon/claim', {}, { from: '/wiki/pim-persoon' })).statusCode).toBe(
      303,
    )
    const waiting = await client.get('/account')
    expect(waiting.body).toContain(
      'U hebt deze pagina geclaimd. Een moderator bevestigt nog dat u het bent: <a href="/wiki/pim-persoon">Pim Persoon</a>',
    )
    expect(waiting.body).not.toContain('Maak uw persoonspagina')

    const mod = await clientFor(app, moderator.id)
    const confirmed = await mod.post('/wiki/pim-persoon/confirm-claim', {}, { from: '/wiki/pim-persoon' })
    expect(confirmed.statusCode).toBe(303)
    const linked = await client.get('/account')
    expect(linked.body).toContain(
      'Uw account is gekoppeld aan deze pagina in de wiki: <a href="/wiki/pim-persoon">Pim Persoon</a>',
    )
    expect(linked.body).not.toContain('geclaimd')
    // The readable export names it too.
    const md = (await client.get('/account/export?format=md')).body
    expect(md).toContain('- Uw persoonspagina: [Pim Persoon](http://localhost:80/wiki/pim-persoon)')
  })
})
