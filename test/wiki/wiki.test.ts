import type { FastifyInstance } from 'fastify'
import { createReply, findPost, setPostHidden } from '../../src/forum/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import { createTestThread } from '../helpers/forum.js'
import type { TestClient } from '../helpers/http-client.js'
import { clientFor, createTestMember, loggedIn } from '../helpers/members.js'

async function createVia(client: TestClient, form: Record<string, string>) {
  const response = await client.post('/wiki', { kind: 'page', body: '', ...form }, { from: '/wiki/new' })
  return response
}

async function pageRow(app: FastifyInstance, slug: string) {
  return app.db.selectFrom('page').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()
}

async function edit(client: TestClient, slug: string, changes: Record<string, string>) {
  const form = await client.get(`/wiki/${slug}/edit`)
  const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.body)?.[1] ?? ''
  const body = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.body)?.[1] ?? ''
  return client.post(`/wiki/${slug}`, {
    title: value('title'),
    kind: /<option value="(\w+)" selected>/.exec(form.body)?.[1] ?? 'page',
    body: body.replace(/&#(\d+);/g, (_m, c) => String.fromCharCode(Number(c))).replace(/&amp;/g, '&'),
    base_revision: value('base_revision'),
    ...changes,
  })
}

describe('wiki pages', () => {
  test('a member creates a deal page with its fields; it shows them and the rendered text', async ({
    app,
  }) => {
    const { client } = await loggedIn(app)
    const response = await createVia(client, {
      title: 'City Deal Eindhoven',
      kind: 'deal',
      deal_type: 'city-deal',
      deal_status: 'running',
      signed_on: '2019-06-12',
      ends_on: '2023-12-31',
      partner_count: '14',
      project_lead: 'Marieke Smit',
      body: '## Aanpak\n\nWerkt aan [[Gezonde verstedelijking]].',
    })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/wiki/city-deal-eindhoven')
    const page = await client.get('/wiki/city-deal-eindhoven')
    expect(page.body).toContain('<h1>City Deal Eindhoven</h1>')
    expect(page.body).toContain('City Deal</dd>')
    expect(page.body).toContain('loopt</dd>')
    expect(page.body).toContain('12 juni 2019')
    expect(page.body).toContain('<h2 id="aanpak">Aanpak</h2>')
    expect(page.body).toContain(
      'Gezonde verstedelijking<span class="wikilink__missing"> (pagina bestaat nog niet)</span>',
    )
    const en = await client.get('/wiki/city-deal-eindhoven', { 'accept-language': 'en' })
    expect(en.body).toContain('(page does not exist yet)')
  })

  test('invalid fields re-show the form with the typed text and a message at each field', async ({ app }) => {
    const { client } = await loggedIn(app)
    const response = await createVia(client, {
      title: 'x'.repeat(151),
      kind: 'deal',
      signed_on: '2020-13-45',
      ends_on: '2019-01-01',
      partner_count: 'veel',
      body: 'Mijn tekst blijft staan',
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain(`value="${'x'.repeat(151)}"`)
    expect(response.body).toContain('value="veel"')
    expect(response.body).toContain('Mijn tekst blijft staan</textarea>')
    expect(response.body).toMatch(/id="f-title-error">Gebruik voor de titel hoogstens 150 tekens/)
    expect(response.body).toMatch(/id="f-signed_on-error">Vul een datum in/)
    expect(response.body).toMatch(/id="f-partner_count-error">Vul een geheel aantal in/)
    // The summary above the form names each field.
    expect(response.body).toContain(
      '<a href="#f-signed_on">Ondertekend op: Vul een datum in als jjjj-mm-dd.</a>',
    )
    const person = await createVia(client, { title: 'Iemand', kind: 'person', person_role: 'r'.repeat(151) })
    expect(person.body).toMatch(/id="f-person_role-error">Gebruik hoogstens 150 tekens/)
    const theme = await createVia(client, { title: 'Thema', kind: 'theme', summary: 's'.repeat(301) })
    expect(theme.body).toMatch(/id="f-summary-error">Gebruik hoogstens 300 tekens/)
    const huge = await createVia(client, { title: 'Groot', body: 'a'.repeat(200_001) })
    expect(huge.statusCode).toBe(422)
    expect(huge.body).toContain('De tekst is te lang')
    const empty = await createVia(client, { title: '   ' })
    expect(empty.body).toContain('Geef de pagina een titel')
    expect(await app.db.selectFrom('page').selectAll().execute()).toEqual([])
  })

  test('a second page with the same title in other case or accents is refused', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Één Loket' })
    const again = await createVia(client, { title: 'een loket', body: 'dubbel' })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('Er bestaat al een pagina met deze titel')
  })

  test('Preview works without JavaScript and saves nothing', async ({ app }) => {
    const { client } = await loggedIn(app)
    const response = await createVia(client, {
      title: 'Proef',
      body: '**vet** en [[Proef]]',
      action: 'preview',
    })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('<strong>vet</strong>')
    expect(response.body).toContain('**vet** en [[Proef]]</textarea>')
    expect(await app.db.selectFrom('page').selectAll().execute()).toEqual([])
  })
})

describe('links between pages', () => {
  test('creating a page turns earlier links to it from missing into existing', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, {
      title: 'Regio Deal Twente',
      kind: 'deal',
      body: 'Sluit aan bij [[Brede welvaart]].',
    })
    expect((await pageRow(app, 'regio-deal-twente')).body_html).toContain('wikilink--missing')
    await createVia(client, { title: 'Brede Welvaart', kind: 'theme', summary: 'Meer dan geld' })
    const html = (await pageRow(app, 'regio-deal-twente')).body_html
    expect(html).toContain('<a class="wikilink" href="/wiki/brede-welvaart">Brede welvaart</a>')
    expect(html).not.toContain('wikilink--missing')
  })

  test('Mentioned in lists sources with snippet and follows create, edit and delete of the source', async ({
    app,
  }) => {
    const { client } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    await createVia(client, { title: 'Woningbouw', kind: 'theme' })
    await createVia(client, {
      title: 'Woondeal Utrecht',
      kind: 'deal',
      body: 'Versnelt de [[woningbouw]] in de regio.',
    })
    let theme = await client.get('/wiki/woningbouw')
    expect(theme.body).toContain('<h2 id="backlinks-title">Vermeld in</h2>')
    expect(theme.body).toContain('<a href="/wiki/woondeal-utrecht">Woondeal Utrecht</a>')
    expect(theme.body).toContain('Versnelt de woningbouw in de regio.')
    expect(theme.body).toContain('Deals met dit thema')

    await edit(client, 'woondeal-utrecht', { body: 'Nu zonder link.' })
    theme = await client.get('/wiki/woningbouw')
    expect(theme.body).not.toContain('/wiki/woondeal-utrecht')

    await edit(client, 'woondeal-utrecht', { body: 'Toch weer: [[Woningbouw]] als thema.' })
    expect((await client.get('/wiki/woningbouw')).body).toContain('Toch weer: Woningbouw als thema.')

    await moderator.post('/wiki/woondeal-utrecht/delete', {}, { from: '/wiki/woondeal-utrecht' })
    theme = await client.get('/wiki/woningbouw')
    expect(theme.body).not.toContain('Woondeal Utrecht')
    expect(theme.body).toContain('Nog nergens vermeld.')
  })

  test('a rename keeps the old address and every old link working', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Green Deal Zorg', kind: 'deal' })
    await createVia(client, { title: 'Overzicht', body: 'Zie [[Green Deal Zorg]].' })
    const renamed = await edit(client, 'green-deal-zorg', { title: 'Green Deal Duurzame Zorg' })
    expect(renamed.headers.location).toBe('/wiki/green-deal-duurzame-zorg')
    const old = await client.get('/wiki/green-deal-zorg')
    expect(old.statusCode).toBe(301)
    expect(old.headers.location).toBe('/wiki/green-deal-duurzame-zorg')
    expect((await client.get('/wiki/green-deal-zorg/history')).headers.location).toBe(
      '/wiki/green-deal-duurzame-zorg/history',
    )
    expect((await pageRow(app, 'overzicht')).body_html).toContain('href="/wiki/green-deal-duurzame-zorg"')
    expect((await client.get('/wiki/green-deal-duurzame-zorg')).body).toContain(
      '<a href="/wiki/overzicht">Overzicht</a>',
    )
    // A link written with the old title after the rename still resolves.
    await createVia(client, { title: 'Later', body: 'Nog steeds [[Green Deal Zorg]].' })
    expect((await pageRow(app, 'later')).body_html).toContain('href="/wiki/green-deal-duurzame-zorg"')
  })

  test('person, theme and deal pages show their relations', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Marieke Smit', kind: 'person', person_role: 'programmamanager' })
    await createVia(client, { title: 'Energietransitie', kind: 'theme' })
    await createVia(client, {
      title: 'City Deal A',
      kind: 'deal',
      project_lead: 'Marieke Smit',
      body: '[[Energietransitie]]',
    })
    await createVia(client, { title: 'City Deal B', kind: 'deal', body: 'Ook [[energietransitie]].' })
    await createVia(client, { title: 'Verslag', body: 'Vergeleken: [[City Deal A]] en [[City Deal C]].' })
    await createVia(client, { title: 'City Deal C', kind: 'deal' })
    const person = await client.get('/wiki/marieke-smit')
    expect(person.body).toContain('Projectleider van')
    expect(person.body).toContain('<a href="/wiki/city-deal-a">City Deal A</a>')
    const deal = await client.get('/wiki/city-deal-a')
    expect(deal.body).toContain('Verwante deals')
    expect(deal.body).toContain('<a href="/wiki/city-deal-b">City Deal B</a>')
    expect(deal.body).toContain('<a href="/wiki/city-deal-c">City Deal C</a>')
    // The project lead links to her page, as [[Marieke Smit]] would.
    expect(deal.body).toContain('<a class="wikilink" href="/wiki/marieke-smit">Marieke Smit</a>')
    // An organisation without a page links to creating it, and says so in words.
    await createVia(client, { title: 'Jan Zonder', kind: 'person', organisation: 'Gemeente Nergens' })
    expect((await client.get('/wiki/jan-zonder')).body).toContain(
      '<a class="wikilink wikilink--missing" href="/wiki/new?title=Gemeente%20Nergens">Gemeente Nergens<span class="wikilink__missing"> (pagina bestaat nog niet)</span></a>',
    )
  })

  test('wanted pages lists linked titles without a page, most linked first', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Een', body: '[[Ontbreekt]] en [[Zelden]]' })
    await createVia(client, { title: 'Twee', body: '[[ontbreekt]]' })
    const wanted = await client.get('/wiki/wanted')
    const order = [...wanted.body.matchAll(/href="\/wiki\/new\?title=([^"]+)"/g)].map((m) =>
      decodeURIComponent(m[1] ?? ''),
    )
    expect(order).toEqual(['Ontbreekt', 'Zelden'])
    expect(wanted.body).toContain('2 keer gelinkt')
  })
})

describe('history', () => {
  test('every save is a revision; the diff shows words and fields; a moderator reverts', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    await createVia(client, {
      title: 'Thema Wonen',
      kind: 'theme',
      summary: 'Eerste',
      body: 'De oude tekst staat hier.',
    })
    await edit(client, 'thema-wonen', {
      body: 'De nieuwe tekst staat hier.',
      summary: 'Tweede',
      summary_line: 'woord',
    })
    const history = await client.get('/wiki/thema-wonen/history')
    expect(history.body).toContain(member.name)
    expect(history.body).toContain('woord')
    const diff = await client.get('/wiki/thema-wonen/diff?from=1&to=2')
    expect(diff.statusCode).toBe(200)
    expect(diff.body).toContain('<del>oude</del>')
    expect(diff.body).toContain('<ins>nieuwe</ins>')
    expect(diff.body).toMatch(
      /Samenvatting in één regel<\/th><td><del>Eerste<\/del><\/td><td><ins>Tweede<\/ins>/,
    )
    expect((await client.get('/wiki/thema-wonen/diff?from=1&to=9')).statusCode).toBe(404)
    // Members cannot revert; moderators can, as a new revision.
    expect((await client.post('/wiki/thema-wonen/revert', { revision: '1' })).statusCode).toBe(403)
    expect(
      (await moderator.post('/wiki/thema-wonen/revert', { revision: '1' }, { from: '/wiki/thema-wonen' }))
        .statusCode,
    ).toBe(303)
    const page = await pageRow(app, 'thema-wonen')
    expect(page.revision).toBe(3)
    expect(page.body).toBe('De oude tekst staat hier.')
    expect(page.summary).toBe('Eerste')
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'page.revert')
      .execute()
    expect(audit).toHaveLength(1)
  })

  test('a conflicting edit is not lost: both versions are shown to merge', async ({ app }) => {
    const anna = await createTestMember(app, { name: 'Anna' })
    const bert = await createTestMember(app, { name: 'Bert' })
    const a = await clientFor(app, anna.id)
    const b = await clientFor(app, bert.id)
    await createVia(a, { title: 'Gedeeld', body: 'Begin.' })
    const form = { title: 'Gedeeld', kind: 'page', base_revision: '1' }
    expect((await a.post('/wiki/gedeeld', { ...form, body: 'Begin. Anna schreef dit.' })).statusCode).toBe(
      303,
    )
    const conflict = await b.post('/wiki/gedeeld', { ...form, body: 'Begin. Bert schreef dat.' })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('Tegelijk bewerkt')
    expect(conflict.body).toContain('Begin. Anna schreef dit.</pre>')
    expect(conflict.body).toContain('Begin. Bert schreef dat.</textarea>')
    expect(conflict.body).toContain('name="base_revision" value="2"')
    const merged = await b.post('/wiki/gedeeld', {
      ...form,
      base_revision: '2',
      body: 'Begin. Anna schreef dit. Bert ook.',
    })
    expect(merged.statusCode).toBe(303)
    expect((await pageRow(app, 'gedeeld')).body).toBe('Begin. Anna schreef dit. Bert ook.')
  })

  test('a conflict also shows the title and fields the other person saved, next to the typed ones', async ({
    app,
  }) => {
    const anna = await createTestMember(app, { name: 'Anna' })
    const bert = await createTestMember(app, { name: 'Bert' })
    const a = await clientFor(app, anna.id)
    const b = await clientFor(app, bert.id)
    const deal = { kind: 'deal', deal_type: 'city-deal', deal_status: 'running', partner_count: '8' }
    await createVia(a, { title: 'Green Deal Kust', ...deal, body: 'Begin.' })
    const form = { title: 'Green Deal Kust', ...deal, base_revision: '1', body: 'Begin.' }
    const saved = await a.post('/wiki/green-deal-kust', {
      ...form,
      title: 'Green Deal Kust en Delta',
      deal_type: 'green-deal',
      deal_status: 'completed',
    })
    expect(saved.statusCode).toBe(303)
    // Bert still has revision 1 open, at the old address, and changes only the number of partners.
    const conflict = await b.post('/wiki/green-deal-kust', { ...form, partner_count: '12' })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('action="/wiki/green-deal-kust-en-delta"')
    const table = /<table class="field-changes">[\s\S]*?<\/table>/.exec(conflict.body)?.[0] ?? ''
    expect(table).toContain('<caption>Titel en gegevens: opgeslagen versie en de uwe</caption>')
    expect(table).toMatch(
      /Titel<\/th><td><del>Green Deal Kust en Delta<\/del><\/td><td><ins>Green Deal Kust<\/ins>/,
    )
    // Stored codes are shown as the words the form uses.
    expect(table).toMatch(/Soort deal<\/th><td><del>Green Deal<\/del><\/td><td><ins>City Deal<\/ins>/)
    expect(table).toMatch(/Status<\/th><td><del>afgerond<\/del><\/td><td><ins>loopt<\/ins>/)
    expect(table).toMatch(/Aantal partners<\/th><td><del>8<\/del><\/td><td><ins>12<\/ins>/)
    expect(table).not.toContain('Soort pagina')
    // Without differences in title or fields there is no table, only the text and its diff.
    const textOnly = await b.post('/wiki/green-deal-kust', {
      ...form,
      title: 'Green Deal Kust en Delta',
      deal_type: 'green-deal',
      deal_status: 'completed',
      body: 'Begin. Bert.',
    })
    expect(textOnly.statusCode).toBe(409)
    expect(textOnly.body).toContain('Tegelijk bewerkt')
    expect(textOnly.body).not.toContain('class="field-changes"')
    const en = await b.post(
      '/wiki/green-deal-kust',
      { ...form, partner_count: '12' },
      { headers: { 'accept-language': 'en' } },
    )
    expect(en.body).toContain('<caption>Title and details: the saved version and yours</caption>')
    expect(en.body).toMatch(/Status<\/th><td><del>completed<\/del><\/td><td><ins>running<\/ins>/)
  })

  test('recent changes lists saves across the wiki, newest first', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Eerste' })
    await createVia(client, { title: 'Tweede' })
    const changes = await client.get('/changes')
    expect(changes.body.indexOf('Tweede')).toBeLessThan(changes.body.indexOf('Eerste'))
  })
})

describe('moderation and person pages', () => {
  test('a protected page can be edited by moderators only', async ({ app }) => {
    const { client } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    await createVia(client, { title: 'Spelregels' })
    // The page is kept after a view (the first one shows the creation notice and is not kept);
    // protecting it must reach the kept page.
    const editLink = 'href="/wiki/spelregels/edit"'
    await client.get('/wiki/spelregels')
    expect((await client.get('/wiki/spelregels')).body).toContain(editLink)
    await moderator.post('/wiki/spelregels/protect', {}, { from: '/wiki/spelregels' })
    expect((await client.get('/wiki/spelregels')).body).not.toContain(editLink)
    expect((await client.get('/wiki/spelregels/edit')).statusCode).toBe(403)
    expect((await edit(moderator, 'spelregels', { body: 'Door moderator.' })).statusCode).toBe(303)
    const refused = await client.post('/wiki/spelregels', {
      title: 'Spelregels',
      kind: 'page',
      body: 'x',
      base_revision: '2',
    })
    expect(refused.statusCode).toBe(403)
  })

  test('a member claims their person page and a moderator confirms it', async ({ app }) => {
    const { client, member } = await loggedIn(app)
    const { client: moderator } = await loggedIn(app, 'moderator')
    await createVia(client, { title: 'Piet Pot', kind: 'person' })
    expect((await client.post('/wiki/piet-pot/claim', {}, { from: '/wiki/piet-pot' })).statusCode).toBe(303)
    await moderator.post('/wiki/piet-pot/confirm-claim', {}, { from: '/wiki/piet-pot' })
    const row = await app.db
      .selectFrom('member')
      .select('person_page_id')
      .where('id', '=', member.id)
      .executeTakeFirst()
    expect(row?.person_page_id).toBe((await pageRow(app, 'piet-pot')).id)
    expect((await client.get('/wiki/piet-pot')).body).toContain(member.name)
  })

  test('a moderator links a person page to a member directly', async ({ app }) => {
    const { client: moderator } = await loggedIn(app, 'moderator')
    const person = await createTestMember(app, { name: 'Geen Claim' })
    await createVia(moderator, { title: 'Geen Claim', kind: 'person' })
    const page = await moderator.get('/wiki/geen-claim')
    expect(page.body).toContain('Koppel aan lid')
    const linked = await moderator.post('/wiki/geen-claim/link-member', { member_id: String(person.id) })
    expect(linked.statusCode).toBe(303)
    const row = await app.db
      .selectFrom('member')
      .select('person_page_id')
      .where('id', '=', person.id)
      .executeTakeFirst()
    expect(row?.person_page_id).toBe((await pageRow(app, 'geen-claim')).id)
  })

  test('the deals table sorts by type, status and signing date', async ({ app }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'B-deal', kind: 'deal', deal_type: 'woondeal', signed_on: '2021-01-01' })
    await createVia(client, {
      title: 'A-deal',
      kind: 'deal',
      deal_type: 'city-deal',
      signed_on: '2018-01-01',
    })
    const bySigned = await client.get('/wiki?kind=deal&sort=signed')
    expect(bySigned.body.indexOf('B-deal')).toBeLessThan(bySigned.body.indexOf('A-deal'))
    const byTitle = await client.get('/wiki?kind=deal')
    expect(byTitle.body.indexOf('A-deal')).toBeLessThan(byTitle.body.indexOf('B-deal'))
  })
})

describe('renamed pages keep their relations', () => {
  test('related deals are found through a renamed theme and through a deal named by its old title', async ({
    app,
  }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Woningbouw', kind: 'theme' })
    await createVia(client, { title: 'Woondeal Utrecht', kind: 'deal', body: 'Versnelt de [[Woningbouw]].' })
    await edit(client, 'woningbouw', { title: 'Woningbouw en wonen' })
    await createVia(client, { title: 'Woondeal Almere', kind: 'deal', body: 'Ook [[Woningbouw en wonen]].' })
    await createVia(client, { title: 'Regio Deal Oud', kind: 'deal' })
    await edit(client, 'regio-deal-oud', { title: 'Regio Deal Nieuw' })
    // Written with the deal's old title, after the rename.
    await createVia(client, { title: 'Verslag', body: '[[Woondeal Utrecht]] en [[Regio Deal Oud]].' })

    const utrecht = await client.get('/wiki/woondeal-utrecht')
    expect(utrecht.body).toContain('Verwante deals')
    expect(utrecht.body).toContain('<a href="/wiki/woondeal-almere">Woondeal Almere</a>')
    expect(utrecht.body).toContain('<a href="/wiki/regio-deal-nieuw">Regio Deal Nieuw</a>')
    const almere = await client.get('/wiki/woondeal-almere')
    expect(almere.body).toContain('<a href="/wiki/woondeal-utrecht">Woondeal Utrecht</a>')
    expect(almere.body).not.toContain('<a href="/wiki/regio-deal-nieuw">')
  })

  test('a hidden reply or opening post does not make deals related; shown again, it does', async ({
    app,
  }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Deal Noord', kind: 'deal' })
    await createVia(client, { title: 'Deal Zuid', kind: 'deal' })
    const { threadId, authorId } = await createTestThread(app, {
      title: 'Een vraag',
      body: 'Over iets anders.',
    })
    const thread = await app.db
      .selectFrom('thread')
      .selectAll()
      .where('id', '=', threadId)
      .executeTakeFirstOrThrow()
    const { postId } = await createReply(app.db, thread, {
      body: '[[Deal Noord]] en [[Deal Zuid]] werken samen.',
      authorId,
      submissionKey: null,
    })
    const related = '<a href="/wiki/deal-zuid">Deal Zuid</a>'
    expect((await client.get('/wiki/deal-noord')).body).toContain(related)
    const post = await findPost(app.db, postId)
    if (!post) throw new Error('post')
    await setPostHidden(app.db, post, true)
    expect((await client.get('/wiki/deal-noord')).body).not.toContain(related)
    await setPostHidden(app.db, { ...post, hidden: 1 }, false)
    expect((await client.get('/wiki/deal-noord')).body).toContain(related)
    // The same for the opening post of a thread, whose thread stays visible.
    await setPostHidden(app.db, { ...post, hidden: 0 }, true)
    const opening = await createTestThread(app, {
      title: 'Samen op weg',
      body: '[[Deal Noord]] met [[Deal Zuid]].',
      authorId,
    })
    expect((await client.get('/wiki/deal-noord')).body).toContain(related)
    const mentions = '/search?over=Deal%20Noord'
    expect((await client.get(mentions)).body).toContain('Samen op weg')
    const first = await findPost(app.db, opening.postId)
    if (!first) throw new Error('opening post')
    await setPostHidden(app.db, first, true)
    expect((await client.get('/wiki/deal-noord')).body).not.toContain(related)
    // Nor does the list of texts mentioning the deal show the question, or a line of its hidden text.
    expect((await client.get(mentions)).body).not.toContain('Samen op weg')
  })
})

describe('[[links]] in code', () => {
  test('are not recorded: not wanted, not under Mentioned in; real links beside them are', async ({
    app,
  }) => {
    const { client } = await loggedIn(app)
    await createVia(client, { title: 'Bestaand', kind: 'theme' })
    await createVia(client, {
      title: 'Handleiding',
      body: [
        'Schrijf `[[Bestaand]]` voor een link.',
        '',
        '```',
        '[[Voorbeeld in blok]]',
        '```',
        '',
        '    [[Ingesprongen voorbeeld]]',
        '',
        '> ```',
        '> [[Bestaand]]',
        '> ```',
        '',
        'Echt: [[Echt gewenst]].',
      ].join('\n'),
    })
    const html = (await pageRow(app, 'handleiding')).body_html
    expect(html).toContain('<code>[[Bestaand]]</code>')
    expect(html).toContain('[[Voorbeeld in blok]]')
    const wanted = (await client.get('/wiki/wanted')).body
    expect(wanted).toContain('Echt gewenst')
    expect(wanted).not.toContain('Voorbeeld in blok')
    expect(wanted).not.toContain('Ingesprongen voorbeeld')
    const theme = await client.get('/wiki/bestaand')
    expect(theme.body).not.toContain('/wiki/handleiding')
    expect(theme.body).toContain('Nog nergens vermeld.')

    // A forum post is read by the same extractor.
    const form = await client.get('/threads/new')
    await client.post('/threads', {
      title: 'Hoe link ik naar een pagina?',
      kind: 'question',
      category_id: '1',
      body: 'Werkt `[[Bestaand]]` ook in een bericht?',
      submission_key: /name="submission_key" value="([^"]+)"/.exec(form.body)?.[1] ?? '',
    })
    expect((await client.get('/wiki/bestaand')).body).not.toContain('Hoe link ik naar een pagina?')
    expect((await client.get('/threads')).body).not.toContain('href="/wiki/bestaand"')

    // With the same words outside code, the page is mentioned, with the line that links it.
    await edit(client, 'handleiding', { body: 'Code: `[[Bestaand]]`\n\nZie [[Bestaand]] voor meer.' })
    const mentioned = await client.get('/wiki/bestaand')
    expect(mentioned.body).toContain('<a href="/wiki/handleiding">Handleiding</a>')
    expect(mentioned.body).toContain('Zie Bestaand voor meer.')
  })
})
