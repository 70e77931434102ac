// Search over every text: matching (diacritics, prefixes, phrases), ranking, filters and facets,
// visibility per role, hostile input, and an index that follows every write.
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import {
  createReply,
  createThread,
  deletePost,
  editPost,
  findPost,
  findThread,
  setPostHidden,
  setThreadFlag,
} from '../../src/forum/queries.js'
import { reindexAll } from '../../src/search/index-sync.js'
import { matchExpression, parseQuery, queryText } from '../../src/search/query.js'
import {
  addBreakout,
  addIdea,
  createSession,
  setSessionStatus,
  updateBreakout,
} from '../../src/sessions/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, deletePage, findPageById, updatePage } from '../../src/wiki/queries.js'
import { describe, expect, test } from '../helpers/app.js'
import type { TestClient } from '../helpers/http-client.js'
import { createTestMember, loggedIn } from '../helpers/members.js'

async function page(
  app: FastifyInstance,
  title: string,
  body: string,
  kind: 'deal' | 'theme' | 'page' = 'page',
) {
  const result = await createPage(app.db, {
    title,
    kind,
    body,
    fields: emptyFields,
    summary: null,
    authorId: null,
  })
  if (!result.ok) throw new Error(`page ${title}`)
  return result
}

async function thread(app: FastifyInstance, title: string, body: string, now = new Date()) {
  const author = await createTestMember(app)
  const created = await createThread(
    app.db,
    { categoryId: 1, kind: 'question', title, body, authorId: author.id, submissionKey: null },
    now,
  )
  return { ...created, authorId: author.id }
}

async function reply(app: FastifyInstance, threadId: number, body: string) {
  const author = await createTestMember(app)
  const row = await app.db
    .selectFrom('thread')
    .selectAll()
    .where('id', '=', threadId)
    .executeTakeFirstOrThrow()
  return createReply(app.db, row, { body, authorId: author.id, submissionKey: null })
}

const noTags = { moderator: [], speaker: [], participant: [], theme: [] }
async function session(
  app: FastifyInstance,
  title: string,
  status: 'planned' | 'draft' | 'published',
  report = '',
) {
  return createSession(
    app.db,
    {
      title,
      series: null,
      number: null,
      startsAt: '2021-03-09T14:30:00.000Z',
      endsAt: '2021-03-09T16:30:00.000Z',
      format: 'online',
      location: 'https://vergaderen.example/geheime-kamer-xq7',
      summary: '',
      report,
      tags: noTags,
      status,
    },
    null,
  )
}

/** The visible text of a results page: titles and snippets, without markup. */
function resultsOf(html: string): { titles: string[]; hrefs: string[] } {
  const items = [...html.matchAll(/<h3 class="result__title"><a href="([^"]*)">(.*?)<\/a><\/h3>/g)]
  return {
    hrefs: items.map((m) => (m[1] ?? '').replaceAll('&#38;', '&')),
    titles: items.map((m) => (m[2] ?? '').replace(/<\/?mark>/g, '')),
  }
}

async function publicSite(app: FastifyInstance) {
  await updateSiteSettings(app.db, { visibility: 'public' })
}

async function find(client: TestClient, q: string, extra = '') {
  const response = await client.get(`/search?q=${encodeURIComponent(q)}${extra}`)
  expect(response.statusCode).toBe(200)
  return { ...resultsOf(response.body), body: response.body }
}

describe('matching', () => {
  test('diacritics match both ways, and the last word matches as a prefix', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Café Zuidas', 'Overleg in het café over de coöperatie.')
    await page(app, 'Eerste Loket', 'Alles via het Één Loket van de gemeente.')
    await page(app, 'Cafe zonder accent', 'Een cafe waar geen accent op staat.')

    expect((await find(client, 'cafe')).titles.sort()).toEqual(['Cafe zonder accent', 'Café Zuidas'])
    expect((await find(client, 'café')).titles.sort()).toEqual(['Cafe zonder accent', 'Café Zuidas'])
    expect((await find(client, 'cooperatie')).titles).toEqual(['Café Zuidas'])
    // "een" alone is too common to search for; in a phrase it counts, with or without accents.
    expect((await find(client, '"een loket"')).titles).toEqual(['Eerste Loket'])
    expect((await find(client, '"één loket"')).titles).toEqual(['Eerste Loket'])
    // Unfinished last word.
    expect((await find(client, 'coöp')).titles).toEqual(['Café Zuidas'])
    expect((await find(client, 'overleg caf')).titles).toEqual(['Café Zuidas'])
  })

  test('a quoted phrase needs the words together, in that order', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Samen', 'De slimme binnenstad van morgen.')
    await page(app, 'Los', 'Een binnenstad die slimme keuzes maakt.')
    expect((await find(client, '"slimme binnenstad"')).titles).toEqual(['Samen'])
    expect((await find(client, 'slimme binnenstad')).titles.sort()).toEqual(['Los', 'Samen'])
  })

  test('a longer phrase needs all its words in a row, never across title and text', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await page(app, 'Op een rij', 'Groene daken vol mos.')
    // Both neighbouring pairs occur, but not in a row.
    await page(app, 'Verspreid', 'Groene daken, en daken vol panelen.')
    // The title ends where the text begins.
    await page(app, 'Groene daken', 'Daken vol zonnepanelen.')
    expect((await find(client, '"groene daken vol"')).titles).toEqual(['Op een rij'])
    // A very short unfinished word is looked for on its own: as the start of a pair it would merge
    // the lists of every pair that begins so.
    expect(matchExpression(parseQuery('"groene da'))).toBe('"groene" AND "da"*')
    expect(matchExpression(parseQuery('"groene dak'))).toBe('"groene\u01c1dak"*')
    expect((await find(client, '"groene da')).titles.sort()).toEqual([
      'Groene daken',
      'Op een rij',
      'Verspreid',
    ])
    // The letter that joins pairs in the index is never a word of its own.
    expect((await find(client, '\u01c1')).titles).toEqual([])
    // A very common word splits a phrase: "van de" and "de gemeente" are in nearly every text.
    await page(app, 'Stad', 'De gemeente van Utrecht werkt mee.')
    await page(app, 'Elders', 'De gemeente werkt van harte samen met Utrecht.')
    expect((await find(client, '"gemeente van utrecht"')).titles.sort()).toEqual(['Elders', 'Stad'])
    expect(parseQuery('"de gemeente van utr').items).toEqual([
      { tokens: ['gemeente'], prefix: false, exact: true },
      { tokens: ['utr'], prefix: true, exact: true },
    ])
    // The last word of a phrase may be unfinished.
    expect((await find(client, '"daken vol mo')).titles).toEqual(['Op een rij'])
    expect((await find(client, 'groene daken vol')).titles.sort()).toEqual([
      'Groene daken',
      'Op een rij',
      'Verspreid',
    ])
  })

  test('a match in the title ranks above newer matches in the text only', async ({ app, client }) => {
    await publicSite(app)
    await thread(app, 'Hoe borgen jullie de kennis?', 'Na afloop van de deal.', new Date('2021-01-01'))
    await thread(app, 'Iets anders', 'Ook hier gaat het over kennis, maar terloops.', new Date('2024-01-01'))
    const { titles } = await find(client, 'kennis')
    expect(titles).toEqual(['Hoe borgen jullie de kennis?', 'Iets anders'])
  })

  test('past the newest 50 of a type, an older item whose title has every word is still found first', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    const old = await thread(
      app,
      'Subsidie van de provincie',
      'Hoe vraag je die aan?',
      new Date('2019-05-01'),
    )
    // A hidden one with the same title: the titles' index keeps to what the reader may see.
    const hidden = await thread(app, 'Subsidie van de provincie (dubbel)', 'Weg.', new Date('2019-06-01'))
    await setThreadFlag(app.db, hidden.threadId, 'hidden', true)
    const author = await createTestMember(app)
    const newer = async (i: number, title: string, body: string) =>
      createThread(
        app.db,
        { categoryId: 1, kind: 'question', title, body, authorId: author.id, submissionKey: null },
        new Date(Date.UTC(2024, 0, 1 + i)),
      )
    for (let i = 0; i < 40; i++)
      await newer(i, `Vraag ${i}`, `Het ging ook over subsidie van de provincie (${i}).`)
    const found = await find(client, 'subsidie provincie ')
    expect(found.titles[0]).toBe('Subsidie van de provincie')
    expect(found.hrefs[0]).toBe(`/threads/${old.threadId}-subsidie-van-de-provincie`)
    expect(found.titles).not.toContain('Subsidie van de provincie (dubbel)')
    // Twenty newer title matches among the newest 50 do not push the old one out either.
    for (let i = 0; i < 20; i++) await newer(40 + i, `Subsidie provincie ronde ${i}`, 'Aanvraag.')
    const pages: string[] = []
    for (let page = 1; page <= 3; page++)
      pages.push(...(await find(client, 'subsidie provincie ', `&type=thread&page=${page}`)).titles)
    expect(pages.slice(0, 21)).toContain('Subsidie van de provincie')
    expect(pages).not.toContain('Subsidie van de provincie (dubbel)')
    // The newest 50 and the older title match, counted as more than that.
    expect((await find(client, 'subsidie provincie ')).body).toContain(
      `Vraag of discussie <span class="count">(51+)</span>`,
    )
    // Replies have no titles: their capped count does not promise older title matches.
    const t = await thread(app, 'Iets over subsidie', 'Vraag.')
    for (let i = 0; i < 51; i++) await reply(app, t.threadId, `Subsidie van de provincie, antwoord ${i}.`)
    expect((await find(client, 'subsidie provincie ', '&type=post')).body).toContain(
      'Ten minste 50 resultaten: de nieuwste.</h2>',
    )
    const { client: moderator } = await loggedIn(app, 'moderator')
    const forModerators = (await find(moderator, 'subsidie provincie ', '&type=thread&page=2')).titles
    expect(forModerators.slice(0, 2).sort()).toEqual([
      'Subsidie van de provincie',
      'Subsidie van de provincie (dubbel)',
    ])
  })

  test('past the newest 50, the last page leads on to the older matches, until every one is reached', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    const author = await createTestMember(app)
    for (let i = 0; i < 62; i++)
      await createThread(
        app.db,
        {
          categoryId: 1,
          kind: 'question',
          title: `Vraag ${i}`,
          body: `Over de energiecoöperatie (${i}).`,
          authorId: author.id,
          submissionKey: null,
        },
        new Date(Date.UTC(2020, 0, 1 + i)),
      )
    const hidden = await thread(app, 'Verborgen vraag', 'Ook een energiecoöperatie.', new Date('2019-01-01'))
    await setThreadFlag(app.db, hidden.threadId, 'hidden', true)
    const seen: string[] = []
    let last = await find(client, 'energiecooperatie ')
    expect(last.body).toContain('Ten minste 50 resultaten')
    expect(last.body).not.toContain('Zoek verder in oudere teksten')
    for (let page = 1; page <= 3; page++) {
      last = await find(client, 'energiecooperatie ', `&page=${page}`)
      seen.push(...last.titles)
    }
    // The last page offers the older ones; they come newest first, and say how to get back.
    const older = /<a href="([^"]*)">Zoek verder in oudere teksten<\/a>/.exec(last.body)?.[1]
    expect(older).toBeDefined()
    const window = await client.get((older as string).replaceAll('&amp;', '&'))
    expect(window.statusCode).toBe(200)
    expect(window.body).toContain('12 oudere resultaten')
    expect(window.body).toContain('Terug naar de nieuwste resultaten')
    expect(window.body).not.toContain('Zoek verder in oudere teksten')
    const olderTitles = resultsOf(window.body).titles
    expect(olderTitles).toEqual(Array.from({ length: 12 }, (_, i) => `Vraag ${11 - i}`))
    seen.push(...olderTitles)
    expect(new Set(seen).size).toBe(62)
    expect(seen).not.toContain('Verborgen vraag')
    // A moderator reaches every one, the hidden one too.
    const { client: moderator } = await loggedIn(app, 'moderator')
    const forModerator: string[] = []
    let moderatorPage = await find(moderator, 'energiecooperatie ')
    for (let page = 1; page <= 3; page++) {
      moderatorPage = await find(moderator, 'energiecooperatie ', `&page=${page}`)
      forModerator.push(...moderatorPage.titles)
    }
    const onward = /<a href="([^"]*)">Zoek verder in oudere teksten<\/a>/.exec(moderatorPage.body)?.[1]
    const moderatorWindow = await moderator.get((onward as string).replaceAll('&amp;', '&'))
    forModerator.push(...resultsOf(moderatorWindow.body).titles)
    expect(new Set(forModerator).size).toBe(63)
    expect(forModerator).toContain('Verborgen vraag')
    // Filtered to a type that had fewer matches than were looked at, there is nothing older to offer.
    await page(app, 'Energiecoöperaties', 'Een wikipagina.')
    const pages = await find(client, 'energiecooperatie ', '&type=page')
    expect(pages.titles).toEqual(['Energiecoöperaties'])
    expect(pages.body).not.toContain('Zoek verder in oudere teksten')
    // An older window with nothing in it says so, and offers no other searches.
    const empty = await client.get('/search?q=energiecooperatie&older=thread%3A1%3A1')
    expect(empty.body).toContain('Geen oudere resultaten.')
    expect(empty.body).not.toContain('Niets gevonden')
    // A made-up continuation is ignored or finds nothing; never an error.
    for (const value of ['thread:abc', 'x:1', 'thread:-5', 'thread:99999999999999', 'thread:1,post:2', ':'])
      expect(
        (await client.get(`/search?q=energiecooperatie&older=${encodeURIComponent(value)}`)).statusCode,
      ).toBe(200)
  })

  test('an older window does not offer again the old title matches the first window offered', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    const author = await createTestMember(app)
    const add = (i: number, title: string) =>
      createThread(
        app.db,
        {
          categoryId: 1,
          kind: 'question',
          title,
          body: 'Over de roerdomp.',
          authorId: author.id,
          submissionKey: null,
        },
        new Date(Date.UTC(2020, 0, 1 + i)),
      )
    for (let i = 0; i < 5; i++) await add(i, `Roerdomp ${i}`)
    for (let i = 5; i < 70; i++) await add(i, `Vraag ${i}`)
    const shown: string[] = []
    let last = await find(client, 'roerdomp ')
    for (let page = 1; page <= 3; page++) {
      last = await find(client, 'roerdomp ', `&page=${page}`)
      shown.push(...last.titles)
    }
    expect(shown).toHaveLength(55)
    expect(shown.slice(0, 5).sort()).toEqual([
      'Roerdomp 0',
      'Roerdomp 1',
      'Roerdomp 2',
      'Roerdomp 3',
      'Roerdomp 4',
    ])
    const older = /<a href="([^"]*)">Zoek verder in oudere teksten<\/a>/.exec(last.body)?.[1]
    const window = await client.get((older as string).replaceAll('&amp;', '&'))
    const olderTitles = resultsOf(window.body).titles
    expect(olderTitles).toHaveLength(15)
    expect(new Set([...shown, ...olderTitles]).size).toBe(70)
  })

  test('the last page leads on only when something older was not offered yet', async ({ app, client }) => {
    await publicSite(app)
    const author = await createTestMember(app)
    const add = (i: number, title: string, body: string) =>
      createThread(
        app.db,
        { categoryId: 1, kind: 'question', title, body, authorId: author.id, submissionKey: null },
        new Date(Date.UTC(2020, 0, 1 + i)),
      )
    for (let i = 1; i <= 5; i++) await add(i, `Waterberging ${i}`, 'Oud.')
    for (let i = 6; i < 56; i++) await add(i, `Vraag ${i}`, 'Over waterberging.')
    const lastPage = async () => (await find(client, 'waterberging ', '&page=3')).body
    // Every older match is one of the title matches already offered: nothing to lead on to.
    expect(await lastPage()).toContain('Ten minste 55 resultaten')
    expect(await lastPage()).not.toContain('Zoek verder in oudere teksten')
    // One older text that only mentions the word: now there is.
    await add(0, 'Heel oud', 'Ook over waterberging.')
    expect(await lastPage()).toContain('Zoek verder in oudere teksten')
  })

  test('a word finds its other forms in number that the texts hold, and marks them', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await page(app, 'Woondeals', 'De afspraken met de gemeenten en twee overheden.')
    await thread(app, 'Een afspraak', 'Met één gemeente en de overheid.')
    await thread(app, 'Kansen', 'Daar kan het.')
    for (const word of [
      'afspraak',
      'afspraken',
      'gemeente',
      'gemeenten',
      'gemeentes',
      'overheid',
      'overheden',
    ])
      expect((await find(client, `${word} `)).titles.sort(), word).toEqual(['Een afspraak', 'Woondeals'])
    // Singular and plural of a title word both rank as a title match.
    expect((await find(client, 'woondeal ')).titles).toEqual(['Woondeals'])
    expect((await find(client, 'afspraken ')).titles[0]).toBe('Een afspraak')
    // The form found is marked, in the title and in the snippet.
    const { body } = await find(client, 'afspraak gemeente ')
    expect(body).toContain('<mark>afspraken</mark>')
    expect(body).toContain('<mark>gemeenten</mark>')
    expect(body).toContain('Een <mark>afspraak</mark>')
    // No form that is a very common word (voren/voor), nor words that only look like forms.
    await thread(app, 'Tijden', 'Over de planning.')
    await thread(app, 'Pauze', 'Tijdens de sessie, voor de pauze, kwam er meer.')
    expect((await find(client, 'kans ')).titles).toEqual(['Kansen'])
    expect((await find(client, 'voren ')).titles).toEqual([])
    expect((await find(client, 'tijd ')).titles).toEqual(['Tijden'])
    expect((await find(client, 'meren ')).titles).toEqual([])
    // Plurals no rule makes.
    await thread(app, 'Nieuwe leden', 'Welkom.')
    expect((await find(client, 'lid ')).titles).toEqual(['Nieuwe leden'])
    // Words in quotes are looked for as written.
    expect((await find(client, '"afspraak"')).titles).toEqual(['Een afspraak'])
    expect((await find(client, '"twee overheid"')).titles).toEqual([])
  })

  test("a reply is found by its question's words together with its own", async ({ app, client }) => {
    await publicSite(app)
    const t = await thread(app, 'Monitoring van een woondeal: hoe vaak rapporteren?', 'Wie weet het?')
    const r = await reply(app, t.threadId, 'Twee keer per jaar aan de stuurgroep.')
    await thread(app, 'Iets anders', 'De stuurgroep vergadert maandelijks.')
    const found = await find(client, 'rapporteren stuurgroep')
    expect(found.hrefs).toEqual([`/posts/${r.postId}`])
    // The words found in the thread's title are marked there.
    expect(found.body).toContain('<mark>rapporteren</mark>')
    expect((await find(client, 'monitoring stuurgroep')).hrefs).toEqual([`/posts/${r.postId}`])
    // A word of the title alone does not find every reply of the thread: one word at least must be
    // the reply's own, also for an unfinished word.
    const other = await reply(app, t.threadId, 'Dank, dat helpt.')
    const ownWord = await reply(app, t.threadId, 'Ook wij rapporteren halfjaarlijks.')
    for (const q of ['rapporteren', 'rapporte']) {
      const hrefs = (await find(client, q)).hrefs
      expect(hrefs, q).toContain(`/posts/${ownWord.postId}`)
      expect(hrefs, q).not.toContain(`/posts/${other.postId}`)
      expect(hrefs, q).not.toContain(`/posts/${r.postId}`)
    }
    // A reply still ranks by date, not as a title match: the thread itself comes first.
    expect((await find(client, 'monitoring')).hrefs[0]).toMatch(/^\/threads\//)
    // A new title reaches the replies' entries in the same transaction.
    const opening = await findPost(app.db, t.postId)
    const threadRow = await findThread(app.db, t.threadId)
    if (!opening || !threadRow) throw new Error('fixture')
    await editPost(app.db, opening, threadRow, {
      body: 'Wie weet het?',
      title: 'Verantwoording van een woondeal',
      editorId: t.authorId,
      summary: null,
    })
    expect((await find(client, 'rapporteren stuurgroep')).hrefs).toEqual([])
    expect((await find(client, 'verantwoording stuurgroep')).hrefs).toEqual([`/posts/${r.postId}`])
  })

  test('a plural with an apostrophe or of a borrowed word finds the singular', async ({ app, client }) => {
    await publicSite(app)
    await thread(app, 'Het thema van de dag', 'Over een dashboard en een pilot met één team.')
    await thread(app, 'Regio’s en agenda’s', 'Twee workshops.')
    for (const q of ["thema's", 'thema’s', 'dashboards', 'pilots', 'teams'])
      expect((await find(client, q)).titles, q).toEqual(['Het thema van de dag'])
    // The singular finds the plural with an apostrophe (the index reads "regio" and "s").
    expect((await find(client, 'regio')).titles).toEqual(['Regio’s en agenda’s'])
    expect((await find(client, "agenda's")).titles).toEqual(['Regio’s en agenda’s'])
    expect((await find(client, 'workshop')).titles).toEqual(['Regio’s en agenda’s'])
    // Words that only look like such a plural are other words.
    await thread(app, 'Plaats van samenkomst', 'Het stadhuis.')
    expect((await find(client, 'plaat ')).titles).toEqual([])
  })

  test('OR between two words finds either', async ({ app, client }) => {
    await publicSite(app)
    await thread(app, 'De stuurgroep', 'Vergadert maandelijks.')
    await thread(app, 'De regiegroep', 'Vergadert wekelijks.')
    await thread(app, 'De werkgroep', 'Vergadert soms.')
    const either = await find(client, 'stuurgroep OR regiegroep ')
    expect(either.titles.sort()).toEqual(['De regiegroep', 'De stuurgroep'])
    expect(either.body).toContain('<mark>regiegroep</mark>')
    expect((await find(client, 'stuurgroep OF regiegroep OF werkgroep ')).titles).toHaveLength(3)
    // With another word: (stuurgroep or regiegroep) and maandelijks.
    expect((await find(client, 'stuurgroep OR regiegroep maandelijks')).titles).toEqual(['De stuurgroep'])
    // Only in capitals, and only between two words: otherwise every word must occur, as always.
    expect((await find(client, 'stuurgroep or regiegroep ')).titles).toEqual([])
    expect((await find(client, 'OR stuurgroep ')).titles).toEqual(['De stuurgroep'])
    expect((await find(client, '"de stuurgroep" OR regiegroep ')).titles).toEqual([])
    expect(queryText(parseQuery('stuurgroep OR regiegroep werkgroep'))).toBe(
      'stuurgroep OR regiegroep werkgroep',
    )
  })

  test('only very common words: a friendly answer, not the whole community', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Iets', 'De deal en het programma van een gemeente.')
    const { body, titles } = await find(client, 'de het een')
    expect(titles).toEqual([])
    expect(body).toContain('Die woorden komen in bijna elke tekst voor')
    expect(parseQuery('de het een').onlyStopWords).toBe(true)
    // Next to a real word, common words are simply left out.
    expect((await find(client, 'de programma')).titles).toEqual(['Iets'])
    // So are the words of a question: how, why, which, can, must.
    expect((await find(client, 'hoe kun je een programma')).titles).toEqual(['Iets'])
    // Not a name that looks like such a word (Ben).
    await page(app, 'Ben Smit', 'Een deelnemer.')
    expect((await find(client, 'ben ')).titles).toEqual(['Ben Smit'])
    // A word pasted with an invisible character in it is the word.
    expect((await find(client, 'progr\u200bamma ')).titles).toEqual(['Iets'])
    expect((await find(client, 'waarom moet het programma')).titles).toEqual(['Iets'])
  })

  test('results show type, place, date and a snippet with the words marked, user text escaped', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    const t = await thread(app, 'Vraag over standaardisatie', 'Wie heeft ervaring?')
    await reply(
      app,
      t.threadId,
      'Wij werkten met <script>alert("x")</script> de normcommissie & NEN aan standaardisatie.',
    )
    const { body, hrefs } = await find(client, 'normcommissie')
    expect(hrefs).toEqual([expect.stringMatching(/^\/posts\/\d+$/)])
    expect(body).toContain('<span class="tag tag--post">Reactie</span>')
    // A reply's title is its thread's: said once, not again as its place.
    expect(resultsOf(body).titles).toEqual(['Vraag over standaardisatie'])
    expect(body).not.toContain('in Vraag over standaardisatie')
    expect(body).toMatch(/<time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>/)
    expect(body).toContain('<mark>normcommissie</mark>')
    expect(body).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;')
    expect(body).not.toContain('<script>alert')
  })
})

describe('filters and facets', () => {
  test('facets count per type and filter to one type', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Borging in de praktijk', 'Over borging.')
    const t = await thread(app, 'Borging na de deal', 'Hoe regel je borging?')
    await reply(app, t.threadId, 'Borging begint bij de start.')
    await reply(app, t.threadId, 'Eens, borging is werk.')
    const s = await session(app, 'Themasessie borging', 'published', 'Verslag over borging.')
    await addBreakout(app.db, s.id, { title: 'Zaal borging', participants: [], notes: 'Notities.' }, null)

    const all = await find(client, 'borging')
    expect(all.body).toContain('6 resultaten')
    expect(all.body).toMatch(/Wikipagina <span class="count">\(1\)<\/span>/)
    expect(all.body).toMatch(/Reactie <span class="count">\(2\)<\/span>/)
    expect(all.body).toMatch(/Vraag of discussie <span class="count">\(1\)<\/span>/)
    expect(all.body).toMatch(/Sessie <span class="count">\(1\)<\/span>/)
    expect(all.body).toMatch(/Break-out <span class="count">\(1\)<\/span>/)
    expect(all.titles).toHaveLength(6)

    const replies = await find(client, 'borging', '&type=post')
    expect(replies.hrefs).toHaveLength(2)
    expect(replies.hrefs.every((h) => h.startsWith('/posts/'))).toBe(true)
    // The other types stay visible as facets to switch to.
    expect(replies.body).toMatch(/Wikipagina <span class="count">\(1\)<\/span>/)
  })

  test('filter by deal or theme follows the links, also through a renamed page', async ({ app, client }) => {
    await publicSite(app)
    const deal = await page(app, 'City Deal Slimme Stad', 'Een deal.', 'deal')
    await page(app, 'Thema Energie', 'Een thema.', 'theme')
    await thread(app, 'Subsidie aanvragen', 'Hoe vroeg de [[City Deal Slimme Stad]] subsidie aan?')
    await thread(app, 'Subsidie verantwoorden', 'Bij het [[Thema Energie]] was subsidie lastig.')
    await thread(app, 'Subsidie zonder deal', 'Gewoon een vraag over subsidie.')

    expect((await find(client, 'subsidie')).titles).toHaveLength(3)
    expect((await find(client, 'subsidie', '&over=City%20Deal%20Slimme%20Stad')).titles).toEqual([
      'Subsidie aanvragen',
    ])
    expect((await find(client, 'subsidie', '&over=thema-energie')).titles).toEqual(['Subsidie verantwoorden'])

    const current = await findPageById(app.db, deal.id)
    if (!current) throw new Error('deal')
    await updatePage(app.db, deal.id, current.revision, {
      title: 'City Deal Slimme Binnenstad',
      kind: 'deal',
      body: current.body,
      fields: emptyFields,
      summary: null,
      authorId: null,
    })
    expect((await find(client, 'subsidie', '&over=City%20Deal%20Slimme%20Binnenstad')).titles).toEqual([
      'Subsidie aanvragen',
    ])

    const unknown = await find(client, 'subsidie', '&over=Bestaat%20niet')
    expect(unknown.titles).toHaveLength(3)
    expect(unknown.body).toContain('Er is geen wikipagina met deze naam')
  })

  test('a deal typed in part offers the pages it may mean', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Woondeal Rivierenland', 'Over wonen.', 'deal')
    await page(app, 'Woondeal Zuid', 'Over wonen.', 'deal')
    await page(app, 'Green Deal Zon', 'Over energie.', 'deal')
    const { body } = await find(client, 'wonen', '&over=woond')
    expect(body).toContain('Er is geen wikipagina met deze naam')
    const offered = [...body.matchAll(/<a href="(\/search\?[^"]*)">(Woondeal[^<]*)<\/a>/g)]
    expect(offered.map((m) => m[2]).sort()).toEqual(['Woondeal Rivierenland', 'Woondeal Zuid'])
    expect(body).not.toContain('>Green Deal Zon</a>')
    // Each offer searches the same words, filtered by that deal.
    const followed = await client.get((offered[0]?.[1] ?? '').replaceAll('&amp;', '&'))
    expect(followed.body).not.toContain('Er is geen wikipagina met deze naam')
    expect(resultsOf(followed.body).titles).toEqual([])
    expect(followed.body).toContain(`value="${offered[0]?.[2]}"`)
  })

  test('filter by period', async ({ app, client }) => {
    await publicSite(app)
    await thread(app, 'Evaluatie 2021', 'Over de evaluatie.', new Date('2021-06-01T10:00:00Z'))
    await thread(app, 'Evaluatie 2023', 'Over de evaluatie.', new Date('2023-06-01T10:00:00Z'))
    expect((await find(client, 'evaluatie', '&period=2021')).titles).toEqual(['Evaluatie 2021'])
    expect((await find(client, 'evaluatie', '&period=2023')).titles).toEqual(['Evaluatie 2023'])
    expect((await find(client, 'evaluatie', '&period=2019')).titles).toEqual([])
    expect((await find(client, 'evaluatie')).titles).toHaveLength(2)
  })

  test('a period finds entries dated in it, whatever order they were written in', async ({ app, client }) => {
    await publicSite(app)
    // Sessions are dated when they take place, not when they were entered: row order is not date order.
    const dates = ['2022-05-01', '2019-05-01', '2024-05-01', '2019-09-01', '2022-01-15']
    for (const [i, date] of dates.entries()) {
      const created = await session(app, `Klimaatsessie ${i}`, 'published', 'Over klimaat.')
      await app.db
        .updateTable('theme_session')
        .set({ starts_at: `${date}T10:00:00.000Z`, ends_at: `${date}T12:00:00.000Z` })
        .where('id', '=', created.id)
        .execute()
    }
    await reindexAll(app.db)
    expect((await find(client, 'klimaat', '&period=2019')).titles.sort()).toEqual([
      'Klimaatsessie 1',
      'Klimaatsessie 3',
    ])
    expect((await find(client, 'klimaat', '&period=2022')).titles.sort()).toEqual([
      'Klimaatsessie 0',
      'Klimaatsessie 4',
    ])
    expect((await find(client, 'klimaat', '&period=2024')).titles).toEqual(['Klimaatsessie 2'])
    expect((await find(client, 'klimaat', '&period=2020')).titles).toEqual([])
  })

  test('the past 30 days and 12 months end now: a planned session is not in them', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    const day = 24 * 60 * 60 * 1000
    await thread(app, 'Evaluatie van vorige week', 'Over de evaluatie.', new Date(Date.now() - 7 * day))
    const planned = await session(app, 'Evaluatie volgende maand', 'planned', 'De evaluatie.')
    const next = new Date(Date.now() + 30 * day).toISOString()
    await app.db
      .updateTable('theme_session')
      .set({ starts_at: next, ends_at: next })
      .where('id', '=', planned.id)
      .execute()
    await reindexAll(app.db)
    expect((await find(client, 'evaluatie')).titles.sort()).toEqual([
      'Evaluatie van vorige week',
      'Evaluatie volgende maand',
    ])
    for (const period of ['30d', '12m'])
      expect((await find(client, 'evaluatie', `&period=${period}`)).titles, period).toEqual([
        'Evaluatie van vorige week',
      ])
  })

  test("a long search's page title is cut between words", async ({ app, client }) => {
    await publicSite(app)
    const q = 'hoe borgen andere deals de resultaten na het tekenen van de overeenkomst met partners'
    const { body } = await find(client, q)
    expect(body).toContain('<title>Zoeken: hoe borgen andere deals de resultaten na het tekenen van de… · ')
  })

  test('filters without words say what is missing', async ({ app, client }) => {
    await publicSite(app)
    const response = await client.get('/search?type=thread&period=30d')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Typ een of meer woorden om binnen deze filters te zoeken')
    // The plain search page has no such notice.
    expect((await client.get('/search')).body).not.toContain('binnen deze filters')
  })

  test('results are paged, 20 at a time', async ({ app, client }) => {
    await publicSite(app)
    for (let i = 0; i < 25; i++) await page(app, `Pagina ${i}`, 'Over de woondeal.')
    const first = await find(client, 'woondeal')
    expect(first.titles).toHaveLength(20)
    expect(first.body).toContain('Pagina 1 van 2')
    const second = await find(client, 'woondeal', '&page=2')
    expect(second.titles).toHaveLength(5)
    expect(new Set([...first.titles, ...second.titles]).size).toBe(25)
  })
})

describe('visibility', () => {
  test('drafts, hidden posts and hidden threads are found by moderators only', async ({ app, client }) => {
    await publicSite(app)
    await session(app, 'Concept over klimaatadaptatie', 'draft', 'Nog niet klaar.')
    const visible = await thread(app, 'Open vraag', 'Over klimaatadaptatie in de stad.')
    const hiddenReply = await reply(app, visible.threadId, 'Spam over klimaatadaptatie.')
    const hiddenThread = await thread(app, 'Verborgen klimaatadaptatie', 'Weg ermee.')
    const post = await findPost(app.db, hiddenReply.postId)
    if (!post) throw new Error('post')
    await setPostHidden(app.db, post, true)
    await setThreadFlag(app.db, hiddenThread.threadId, 'hidden', true)

    const { client: member } = await loggedIn(app, 'member')
    const { client: moderator } = await loggedIn(app, 'moderator')
    expect((await find(client, 'klimaatadaptatie')).titles).toEqual(['Open vraag'])
    expect((await find(member, 'klimaatadaptatie')).titles).toEqual(['Open vraag'])
    expect((await find(moderator, 'klimaatadaptatie')).titles.sort()).toEqual(
      ['Concept over klimaatadaptatie', 'Open vraag', 'Open vraag', 'Verborgen klimaatadaptatie'].sort(),
    )
    // Moderators see which results only they can see: 3 of the 4.
    const forModerator = (await find(moderator, 'klimaatadaptatie')).body
    expect(forModerator.match(/Alleen voor moderatoren/g)).toHaveLength(3)
    expect((await find(member, 'klimaatadaptatie')).body).not.toContain('Alleen voor moderatoren')
    // Unhiding brings it back for everyone.
    await setThreadFlag(app.db, hiddenThread.threadId, 'hidden', false)
    expect((await find(member, 'klimaatadaptatie')).titles.sort()).toEqual([
      'Open vraag',
      'Verborgen klimaatadaptatie',
    ])
  })

  test('a closed community shows visitors the login, not results', async ({ app, client }) => {
    await page(app, 'Geheim', 'Over de regiodeal.')
    const response = await client.get('/search?q=regiodeal')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/login?next=%2Fsearch%3Fq%3Dregiodeal')
    const { client: member } = await loggedIn(app)
    expect((await find(member, 'regiodeal')).titles).toEqual(['Geheim'])
  })

  test('the meeting link of a session, shown to members only, is not searchable', async ({ app, client }) => {
    await publicSite(app)
    await session(app, 'Sessie met link', 'planned')
    expect((await find(client, 'geheime')).titles).toEqual([])
    expect((await find(client, 'vergaderen')).titles).toEqual([])
  })
})

describe('a search that finds nothing', () => {
  const fewerOf = (html: string) =>
    [
      ...html.matchAll(
        /<li><a href="([^"]*)">([^<]*)<\/a> <span class="count">\(([^)]*)\)<\/span> · ([^<]*)<\/li>/g,
      ),
    ].map((m) => ({ href: (m[1] ?? '').replaceAll('&amp;', '&'), text: m[4], count: m[3], search: m[2] }))

  test('offers the searches with one word fewer that do find something, with their counts', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await thread(app, 'Normcommissies en de provincie', 'Wie heeft ervaring met normcommissies?')
    await page(app, 'Provincie Oostmark', 'Een provincie in het oosten.')
    const none = await find(client, 'normcommissies provincie subsidie', '&type=thread')
    expect(none.titles).toEqual([])
    const offered = fewerOf(none.body)
    expect(offered).toEqual([
      {
        href: '/search?q=normcommissies+provincie+&type=thread',
        search: 'normcommissies provincie',
        text: 'zonder ‘subsidie’',
        count: '1',
      },
    ])
    // The link keeps the filter, and the words it keeps are whole words, as typed.
    expect((await find(client, 'normcommissies provincie ', '&type=thread')).titles).toEqual([
      'Normcommissies en de provincie',
    ])
    // An unfinished last word stays unfinished.
    expect(fewerOf((await find(client, 'subsidie normcommis')).body).map((f) => f.href)).toEqual([
      '/search?q=normcommis',
    ])
    // One word, or a search that finds something, offers nothing.
    expect(fewerOf((await find(client, 'subsidie')).body)).toEqual([])
    expect(fewerOf((await find(client, 'provincie')).body)).toEqual([])
  })

  test('offers the search with a mistyped word put right, when that finds something', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await thread(app, 'Vergadering van de stuurgroep', 'Over het monitoringsplan.')
    const didYouMean = (body: string) =>
      /<p class="did-you-mean">Bedoel je <a href="([^"]*)">([^<]*)<\/a>\? <span class="count">\((\d+)\)/.exec(
        body,
      )
    // A swap, a letter too many, a letter wrong; as the last word typed or not.
    for (const typo of ['stuurgrope', 'stuurgroepp ', 'stuirgroep monitoringsplan'])
      expect(didYouMean((await find(client, typo)).body)?.[2], typo).toMatch(/^stuurgroep/)
    const offer = didYouMean((await find(client, 'stuirgroep monitoringsplan')).body)
    expect(offer?.slice(1)).toEqual([
      '/search?q=stuurgroep+monitoringsplan',
      'stuurgroep monitoringsplan',
      '1',
    ])
    // A word only hidden texts hold counts as unknown, and is never offered: search must not tell a
    // member that it exists.
    const hidden = await reply(app, (await thread(app, 'Iets', 'Anders.')).threadId, 'De stuurgroet.')
    const hiddenPost = await findPost(app.db, hidden.postId)
    if (!hiddenPost) throw new Error('post')
    await setPostHidden(app.db, hiddenPost, true)
    for (const typo of ['stuurgroet', 'stuurgrote'])
      expect(didYouMean((await find(client, `${typo} `)).body)?.[2], typo).toBe('stuurgroep')
    // Known words get no offer, nor does a correction that finds nothing either.
    await page(app, 'Begroting', 'Het budget.')
    expect(didYouMean((await find(client, 'stuurgroep budget')).body)).toBeNull()
    expect(didYouMean((await find(client, 'xqzvbn')).body)).toBeNull()
  })

  test('leaves out every word found nowhere, or else each word in turn', async ({ app, client }) => {
    await publicSite(app)
    await thread(app, 'Normcommissies en de provincie', 'Wie heeft ervaring met normcommissies?')
    await page(app, 'Provincie Oostmark', 'Een provincie in het oosten.')
    // A question as people type it: two of its words occur nowhere.
    const question = fewerOf(
      (await find(client, 'subsidieloket normcommissies bij de provincie aanvragen')).body,
    )
    expect(question.map((f) => f.text)).toEqual(['zonder ‘subsidieloket’, ‘aanvragen’'])
    expect(question[0]?.href).toBe('/search?q=normcommissies+provincie+')
    // Every word occurs, but never together: each left out in turn.
    const apart = fewerOf((await find(client, 'normcommissies oostmark')).body)
    expect(apart.map((f) => f.text).sort()).toEqual(['zonder ‘normcommissies’', 'zonder ‘oostmark’'])
  })

  test('when no two words meet, offers each alone, the rarest first', async ({ app, client }) => {
    await publicSite(app)
    for (const [title, body] of [
      ['Aanpak eerst', 'Aanpak verder.'],
      ['Aanpak daarna', 'Aanpak nu.'],
      ['Aanpak nooit', 'Aanpak zo.'],
      ['Provincie een', 'Over de provincie.'],
      ['Provincie twee', 'De provincie.'],
      ['Gedeeld', 'Een gedeeld datamodel.'],
    ] as const) {
      await page(app, title, body)
    }
    const offered = fewerOf((await find(client, 'aanpak provincie datamodel')).body)
    // Every pair meets nowhere: each word alone, the rarest first.
    expect(offered).toEqual([
      { href: '/search?q=datamodel', search: 'datamodel', text: 'zonder ‘aanpak’, ‘provincie’', count: '1' },
      { href: '/search?q=provincie+', search: 'provincie', text: 'zonder ‘aanpak’, ‘datamodel’', count: '2' },
      { href: '/search?q=aanpak+', search: 'aanpak', text: 'zonder ‘provincie’, ‘datamodel’', count: '3' },
    ])
  })

  test('for six words that never meet, keeps the rarest after leaving out the commonest', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    // Six words, each in its own pages: 'alfa' in six, 'bravo' in five, … 'foxtrot' in one.
    const words = ['alfa', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']
    for (const [index, word] of words.entries()) {
      for (let n = 0; n < words.length - index; n++) await page(app, `${word} ${n}`, `Over ${word}.`)
    }
    const offered = fewerOf((await find(client, words.join(' '))).body)
    expect(offered.map((f) => f.href)).toEqual(['/search?q=foxtrot'])
  })

  test('names every word an offer leaves out, also those past the sixth, which are never tried', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await thread(app, 'Normcommissies en de provincie', 'Wie heeft ervaring met normcommissies?')
    const offered = fewerOf(
      (await find(client, 'normcommissies provincie alfa bravo charlie delta echo')).body,
    )
    expect(offered.map((f) => f.text)).toEqual(['zonder ‘alfa’, ‘bravo’, ‘charlie’, ‘delta’, ‘echo’'])
    expect(offered[0]?.href).toBe('/search?q=normcommissies+provincie+')
  })

  test('counts only what the reader may see', async ({ app }) => {
    await session(app, 'Concept over waterschappen', 'draft', 'Nog niet klaar.')
    const { client: member } = await loggedIn(app, 'member')
    const { client: moderator } = await loggedIn(app, 'moderator')
    expect(fewerOf((await find(member, 'waterschappen subsidie')).body)).toEqual([])
    expect(fewerOf((await find(moderator, 'waterschappen subsidie')).body).map((f) => f.text)).toEqual([
      'zonder ‘subsidie’',
    ])
  })

  test('a query written out again parses to the same words', () => {
    for (const input of [
      'normcommissies provincie',
      'normcommis',
      '"slimme binnenstad" deal',
      'deal "slimme binnens',
      '"resultaten van de deal" borgen',
      'Café coördinatie',
      '"afspraak" gemeente',
      '"gemeente van utrecht"',
      'deal "afspr',
    ]) {
      const parsed = parseQuery(input)
      expect(parseQuery(queryText(parsed)), input).toEqual(parsed)
    }
  })
})

describe('hostile input', () => {
  const inputs = [
    '"',
    '""',
    '"unclosed phrase',
    '*',
    'deal*',
    '*deal',
    'AND',
    'deal AND',
    'OR NOT',
    'NEAR(',
    'NEAR(deal stad, 2)',
    '-deal',
    'title:deal',
    '{title}: deal',
    'title : deal',
    '(deal',
    'deal)',
    '[[deal]]',
    '^deal',
    "'; drop table search_doc; --",
    '😀🏙️',
    'deal 😀 stad',
    'de het een',
    '\u0002mark\u0003',
    'x'.repeat(10_000),
    'deal '.repeat(2_000),
    '%00',
    'ǅ ﬁ ß İ',
  ]
  test('never an error, always a page', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Deal stad', 'Een deal in de stad.')
    for (const q of inputs) {
      const response = await client.get(`/search?q=${encodeURIComponent(q)}`)
      expect(response.statusCode, q.slice(0, 40)).toBe(200)
      expect(response.body, q.slice(0, 40)).toContain('<h1>Zoeken</h1>')
    }
    // Filters with nonsense are ignored, not errors.
    const odd = await client.get('/search?q=deal&type=x&period=99999&page=-4&over=%22%3Cb%3E')
    expect(odd.statusCode).toBe(200)
    expect(odd.body).not.toContain('<b>')
    // The table survived the attempt above.
    expect((await find(client, 'deal')).titles).toEqual(['Deal stad'])
    // Repeated parameters are not a crash either.
    expect((await client.get('/search?q=a&q=b&type=page&type=post')).statusCode).toBe(200)
  })
})

describe('the index follows every write', () => {
  test('edits, deletes, renames, hiding and publication', async ({ app, client }) => {
    await publicSite(app)
    const { client: member } = await loggedIn(app)
    // Edit a reply: the old word goes, the new one comes.
    const t = await thread(app, 'Onderwerp', 'Eerste tekst.')
    const r = await reply(app, t.threadId, 'Het woord is appelflap.')
    const post = await findPost(app.db, r.postId)
    const threadRow = await findThread(app.db, t.threadId)
    if (!post || !threadRow) throw new Error('fixture')
    await editPost(app.db, post, threadRow, {
      body: 'Het woord is perentaart.',
      title: null,
      editorId: t.authorId,
      summary: null,
    })
    expect((await find(member, 'appelflap')).titles).toEqual([])
    expect((await find(member, 'perentaart')).titles).toEqual(['Onderwerp'])
    // A new thread title reaches its replies' place.
    const opening = await findPost(app.db, t.postId)
    if (!opening) throw new Error('opening')
    await editPost(app.db, opening, threadRow, {
      body: 'Eerste tekst.',
      title: 'Nieuw onderwerp',
      editorId: t.authorId,
      summary: null,
    })
    expect((await find(member, 'perentaart')).titles).toEqual(['Nieuw onderwerp'])
    // Removing a post removes it from search.
    const edited = await findPost(app.db, r.postId)
    if (!edited) throw new Error('edited')
    await deletePost(app.db, edited)
    expect((await find(member, 'perentaart')).titles).toEqual([])

    // Rename a page: found by the new title; the old title is gone from its entry.
    const p = await page(app, 'Oude naam kruisbestuiving', 'Over kruisbestuiving.')
    const row = await findPageById(app.db, p.id)
    if (!row) throw new Error('page')
    await updatePage(app.db, p.id, row.revision, {
      title: 'Nieuwe naam',
      kind: 'page',
      body: 'Over kruisbestuiving.',
      fields: emptyFields,
      summary: null,
      authorId: null,
    })
    const renamed = await find(member, 'kruisbestuiving')
    expect(renamed.titles).toEqual(['Nieuwe naam'])
    expect(renamed.hrefs).toEqual(['/wiki/nieuwe-naam'])
    const current = await findPageById(app.db, p.id)
    if (!current) throw new Error('current')
    await deletePage(app.db, current)
    expect((await find(member, 'kruisbestuiving')).titles).toEqual([])

    // Publication: a draft's break-out appears for members once the session is published.
    const s = await session(app, 'Sessie in wording', 'draft')
    const b = await addBreakout(
      app.db,
      s.id,
      { title: 'Zaal Noord', participants: [], notes: 'Over waterberging.' },
      null,
    )
    await addIdea(app.db, s.id, { title: 'Vervolg over waterberging', description: '' }, null)
    expect((await find(member, 'waterberging')).titles).toEqual([])
    const sessionRow = await app.db
      .selectFrom('theme_session')
      .selectAll()
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow()
    await setSessionStatus(app.db, sessionRow, 'published', t.authorId)
    const published = await find(member, 'waterberging')
    expect(published.titles.sort()).toEqual(['Vervolg over waterberging', 'Zaal Noord'])
    expect(published.hrefs).toContain(`/sessions/${s.slug}#breakout-${b}`)
    // Editing a break-out's notes.
    const breakout = await app.db
      .selectFrom('breakout')
      .selectAll()
      .where('id', '=', b)
      .executeTakeFirstOrThrow()
    await updateBreakout(
      app.db,
      breakout,
      { title: 'Zaal Noord', participants: [], notes: 'Over hittestress.' },
      null,
    )
    expect((await find(member, 'waterberging')).titles).toEqual(['Vervolg over waterberging'])
    expect((await find(member, 'hittestress')).titles).toEqual(['Zaal Noord'])
    void client
  })

  test('ranking follows a new title of a text an earlier search already ranked', async ({ app, client }) => {
    await publicSite(app)
    const older = await thread(
      app,
      'Subsidie aanvragen',
      'Hoe vraag je subsidie aan?',
      new Date('2024-01-01'),
    )
    await thread(app, 'Over regels', 'Regels rond subsidie.', new Date('2024-06-01'))
    // The title match first, though older.
    expect((await find(client, 'subsidie ')).titles).toEqual(['Subsidie aanvragen', 'Over regels'])
    const opening = await findPost(app.db, older.postId)
    const row = await findThread(app.db, older.threadId)
    if (!opening || !row) throw new Error('fixture')
    await editPost(app.db, opening, row, {
      body: opening.body,
      title: 'Aanvragen',
      editorId: older.authorId,
      summary: null,
    })
    // No title has the word now: newest first.
    expect((await find(client, 'subsidie ')).titles).toEqual(['Over regels', 'Aanvragen'])
  })

  test("the titles' index follows renames and deletes", async ({ app }) => {
    const inTitles = async (word: string) =>
      (
        await sql<{
          id: number
        }>`select rowid as id from search_fts_titles where search_fts_titles match ${word}`.execute(app.db)
      ).rows.map((row) => row.id)
    const p = await page(app, 'Kruisbestuiving', 'Tekst.')
    const [entry] = await inTitles('kruisbestuiving')
    expect(entry).toBeDefined()
    const row = await findPageById(app.db, p.id)
    if (!row) throw new Error('page')
    await updatePage(app.db, p.id, row.revision, {
      title: 'Bestuivingskruis',
      kind: 'page',
      body: 'Tekst.',
      fields: emptyFields,
      summary: null,
      authorId: null,
    })
    expect(await inTitles('kruisbestuiving')).toEqual([])
    expect(await inTitles('bestuivingskruis')).toEqual([entry])
    const current = await findPageById(app.db, p.id)
    if (!current) throw new Error('current')
    await deletePage(app.db, current)
    expect(await inTitles('bestuivingskruis')).toEqual([])
    // Replies have no titles of their own and no entries there.
    const t = await thread(app, 'Draadtitel', 'Vraag.')
    await reply(app, t.threadId, 'Antwoord.')
    expect(await inTitles('draadtitel')).toHaveLength(1)
  })

  test('after any mix of writes, the index equals a rebuild from scratch', async ({ app }) => {
    const t = await thread(app, 'Mix', 'Tekst met [[Deal X]].')
    const r = await reply(app, t.threadId, 'Antwoord.')
    await page(app, 'Deal X', 'Een deal.', 'deal')
    const s = await session(app, 'Mix sessie', 'draft', 'Verslag.')
    await addBreakout(app.db, s.id, { title: 'Zaal', participants: ['Jan Jansen'], notes: 'Notities.' }, null)
    // A new title reaches the reply's entry, which holds it as context (the index alone has it).
    const opening = await findPost(app.db, t.postId)
    const threadRow = await findThread(app.db, t.threadId)
    if (!opening || !threadRow) throw new Error('fixture')
    await editPost(app.db, opening, threadRow, {
      body: 'Tekst met [[Deal X]].',
      title: 'Mengvorm',
      editorId: t.authorId,
      summary: null,
    })
    const post = await findPost(app.db, r.postId)
    if (!post) throw new Error('post')
    await setPostHidden(app.db, post, true)
    await setThreadFlag(app.db, t.threadId, 'hidden', true)
    // Apart from the version, which says when an entry was written: a rebuild writes them all again.
    const snapshot = async () =>
      (await app.db.selectFrom('search_doc').selectAll().orderBy('id').execute()).map(
        ({ version: _, ...entry }) => entry,
      )
    const contexts = async () =>
      Promise.all(
        ['mix', 'mengvorm'].map(async (word) =>
          (
            await sql<{
              id: number
            }>`select rowid as id from search_fts_posts where search_fts_posts match ${word}`.execute(app.db)
          ).rows.map((row) => row.id),
        ),
      )
    const before = await snapshot()
    const indexedBefore = await contexts()
    expect(before.length).toBe(5)
    expect(indexedBefore[0]).toEqual([])
    expect(indexedBefore[1]).toHaveLength(1)
    await app.db.transaction().execute((trx) => reindexAll(trx))
    expect(await snapshot()).toEqual(before)
    expect(await contexts()).toEqual(indexedBefore)
  })
})

describe('edge cases found in review', () => {
  test('for moderators, hidden items do not push newer visible ones out of the newest 50', async ({
    app,
  }) => {
    const t = await thread(app, 'Veel reacties', 'Begin.')
    const ids: number[] = []
    for (let i = 0; i < 80; i++)
      ids.push((await reply(app, t.threadId, `Reactie ${i} over zonnepanelen.`)).postId)
    for (const id of ids.slice(0, 30)) {
      const post = await findPost(app.db, id)
      if (post) await setPostHidden(app.db, post, true)
    }
    const { client: moderator } = await loggedIn(app, 'moderator')
    const seen: string[] = []
    for (let page = 1; page <= 3; page++)
      seen.push(...(await find(moderator, 'zonnepanelen', `&type=post&page=${page}`)).hrefs)
    expect(seen).toHaveLength(50)
    // The 50 newest by id: the 30 oldest (hidden) ones fall outside, whatever their row ids.
    expect(seen).not.toContain(`/posts/${ids[0]}`)
    expect(seen).toContain(`/posts/${ids[79]}`)
    expect(seen).toContain(`/posts/${ids[30]}`)
  })

  test('an unfinished word still finds its common forms when many rarer words share the start', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    // Forty long words sort before "gemeenteraad" alphabetically.
    await page(
      app,
      'Woordenlijst',
      Array.from(
        { length: 40 },
        (_, i) => `gemeensch${String.fromCharCode(97 + (i % 26))}${i}aftelijkheid`,
      ).join(' '),
    )
    await page(app, 'Raadsvoorstel', 'Het voorstel ging naar de gemeenteraad.')
    expect((await find(client, 'gemee')).titles).toContain('Raadsvoorstel')
  })

  test('ligatures are matched as the index reads them', async ({ app, client }) => {
    await publicSite(app)
    await page(app, 'Fietsroute', 'De ﬁetsroute langs het Ĳsselmeer.')
    expect((await find(client, 'ﬁetsroute')).titles).toEqual(['Fietsroute'])
    expect((await find(client, 'Ĳsselmeer')).titles).toEqual(['Fietsroute'])
  })

  test('a year is counted in Dutch time', async ({ app, client }) => {
    await publicSite(app)
    // 23:30 UTC on New Year's Eve is already 1 January in the Netherlands.
    await thread(app, 'Oud en nieuw', 'Over vuurwerkoverlast.', new Date('2024-12-31T23:30:00Z'))
    expect((await find(client, 'vuurwerkoverlast', '&period=2025')).titles).toEqual(['Oud en nieuw'])
    expect((await find(client, 'vuurwerkoverlast', '&period=2024')).titles).toEqual([])
  })
})

describe('everything that mentions a page', () => {
  test('the search page without words lists the texts linking a deal, newest first, with facets', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await page(app, 'Woondeal Zuidoost', 'Een deal.', 'deal')
    const older = await thread(
      app,
      'Eerste vraag',
      'Over de [[Woondeal Zuidoost]] en bouwstromen.',
      new Date('2024-01-01'),
    )
    await reply(app, older.threadId, 'Ook bij [[Woondeal Zuidoost|de woondeal]] speelde dat.')
    await thread(app, 'Tweede vraag', 'Niets over deals.', new Date('2024-06-01'))
    const hidden = await thread(
      app,
      'Verborgen vraag',
      'Over de [[Woondeal Zuidoost]].',
      new Date('2024-07-01'),
    )
    await setThreadFlag(app.db, hidden.threadId, 'hidden', true)
    await page(app, 'Thema Bouwen', 'Zie [[Woondeal Zuidoost]].', 'theme')

    const all = await find(client, '', '&over=Woondeal%20Zuidoost')
    expect(all.body).toContain('3 teksten noemen Woondeal Zuidoost, de nieuwste eerst')
    expect(all.titles).toHaveLength(3)
    expect(all.titles).toContain('Eerste vraag')
    expect(all.titles).toContain('Thema Bouwen')
    expect(all.titles).not.toContain('Tweede vraag')
    expect(all.titles).not.toContain('Verborgen vraag')
    // The snippet is the line around the link.
    expect(all.body).toContain('Ook bij de woondeal speelde dat.')
    expect(all.body).toMatch(/Reactie <span class="count">\(1\)<\/span>/)

    const replies = await find(client, '', '&over=Woondeal%20Zuidoost&type=post')
    expect(replies.hrefs).toEqual([expect.stringMatching(/^\/posts\/\d+$/)])
    const { client: moderator } = await loggedIn(app, 'moderator')
    expect((await find(moderator, '', '&over=Woondeal%20Zuidoost')).titles).toContain('Verborgen vraag')
  })

  test('a page mentioned in many texts shows the newest 25 per kind and links to the rest', async ({
    app,
    client,
  }) => {
    await publicSite(app)
    await page(app, 'Regio Deal Veel', 'Een deal.', 'deal')
    for (let i = 0; i < 30; i++) {
      await thread(
        app,
        `Vraag ${i} over de regio`,
        'Zie [[Regio Deal Veel]].',
        new Date(Date.UTC(2024, 0, 1 + i)),
      )
    }
    const body = (await client.get('/wiki/regio-deal-veel')).body
    expect(body).toContain('Vraag 29 over de regio')
    expect(body).not.toContain('Vraag 4 over de regio<')
    expect(body).toContain(
      '<a href="/search?over=Regio+Deal+Veel">En nog 5: bekijk alle teksten die deze pagina noemen</a>',
    )
    const all = await find(client, '', '&over=Regio+Deal+Veel')
    expect(all.body).toContain('30 teksten noemen Regio Deal Veel')
    expect((await find(client, '', '&over=Regio+Deal+Veel&page=2')).titles).toHaveLength(10)
  })
})
