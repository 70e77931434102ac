import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createReply, createThread } from '../../src/forum/queries.js'
import {
  addBreakout,
  createSession,
  findSessionBySlug,
  setSessionStatus,
} from '../../src/sessions/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  logInAs,
  saveScreenshot,
  screenshotDir,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'

/** Occurs only in the notes of the third break-out room of the published session. */
const rareWord = 'kasritme'
const deal = 'City Deal Circulaire Stad'

describeBrowser('search in a browser', () => {
  let bt: BrowserTest
  let member: Awaited<ReturnType<typeof createTestMember>>
  let sessionSlug = ''
  let roomId = 0
  beforeAll(async () => {
    bt = await startBrowserTest()
    const db = bt.app.db
    const moderator = await createTestMember(bt.app, { role: 'moderator', name: 'Henk Moderator' })
    member = await createTestMember(bt.app, { name: 'Lies Lid' })

    for (const [title, kind, body] of [
      [
        deal,
        'deal',
        'Gemeenten en bedrijven werken aan circulaire bouw. De financiering loopt via het Rijk.',
      ],
      [
        'Financiering van deals',
        'page',
        'Hoe de financiering van een deal werkt, van cofinanciering tot subsidie.',
      ],
    ] as const) {
      const created = await createPage(db, {
        title,
        kind,
        body,
        fields: emptyFields,
        summary: null,
        authorId: moderator.id,
      })
      if (!created.ok) throw new Error(`page ${title}`)
    }

    // A published session with a long report and three rooms, so that opening the third room scrolls.
    const filler = Array.from(
      { length: 8 },
      (_, i) =>
        `Ronde ${i + 1}: de deelnemers bespraken hoe afspraken uit de [[${deal}]] ` +
        'na de ondertekening levend blijven, welke partners aan tafel horen en wat bestuurders nodig hebben.',
    ).join('\n\n')
    const session = await createSession(
      db,
      {
        title: 'Resultaten borgen na de deal',
        series: 'themasessie CoP City Deals',
        number: 7,
        startsAt: '2025-03-11T14:30:00.000Z',
        endsAt: '2025-03-11T16:30:00.000Z',
        format: 'online',
        location: 'https://vergader.example/cop',
        summary: 'Hoe houd je resultaten vast als de deal afloopt?',
        report: `Een sessie over de financiering en het borgen van resultaten.\n\n${filler}`,
        tags: { moderator: ['Henk Moderator'], speaker: [], participant: [], theme: [] },
        status: 'draft',
      },
      moderator.id,
    )
    sessionSlug = session.slug
    const rooms: [string, string][] = [
      ['Zaal 1: partners', `Partners willen kleine zichtbare resultaten.\n\n${filler}`],
      ['Zaal 2: bestuur', `Bestuurders willen korte stukken over de financiering.\n\n${filler}`],
      [
        'Zaal 3: geld en planning',
        `Het ${rareWord} van de gemeenten past slecht bij de looptijd van de deal. ` +
          'Leg vroeg vast wie na afloop betaalt.',
      ],
    ]
    for (const [title, notes] of rooms) {
      roomId = await addBreakout(db, session.id, { title, participants: ['Lies Lid'], notes }, moderator.id)
    }
    const row = await findSessionBySlug(db, session.slug)
    if (!row) throw new Error('session')
    await setSessionStatus(db, row, 'published', moderator.id)

    // Threads: one about the deal, one from 2019, both about financing; a reply that mentions it too.
    const recent = await createThread(db, {
      categoryId: 1,
      kind: 'question',
      title: 'Wie regelt de financiering na afloop?',
      body: `Bij de [[${deal}]] is de financiering na 2026 nog open. Hoe doen jullie dat?`,
      authorId: member.id,
      submissionKey: null,
    })
    const thread = await db
      .selectFrom('thread')
      .selectAll()
      .where('id', '=', recent.threadId)
      .executeTakeFirstOrThrow()
    await createReply(db, thread, {
      body: 'Wij hebben de financiering in de begroting van de provincie gezet.',
      authorId: moderator.id,
      submissionKey: null,
    })
    await createThread(
      db,
      {
        categoryId: 1,
        kind: 'discussion',
        title: 'Ervaringen met Europese financiering',
        body: 'Wie heeft ervaring met EFRO-geld voor een Regio Deal?',
        authorId: member.id,
        submissionKey: null,
      },
      new Date('2019-05-14T10:00:00.000Z'),
    )
  })
  afterAll(async () => bt?.close())

  const resultTitles = (page: Page) => page.locator('.result__title').allTextContents()

  it('the header search finds a word from a break-out note and opens the session at that room', {
    timeout: 60_000,
  }, async () => {
    const page = await logInAs(bt, member)
    await page.goto('/threads')
    const box = page.getByRole('searchbox', { name: 'Zoeken op Leerplein' })
    await box.fill(rareWord)
    await box.press('Enter')
    await page.waitForURL(/\/search\?q=kasritme$/)
    expect(await page.locator('#results-title').textContent()).toBe('1 resultaat')
    const results = page.locator('.result')
    expect(await results.count()).toBe(1)
    const result = results.first()
    expect(await result.locator('.tag').textContent()).toBe('Break-out')
    expect(await result.locator('.result__meta').textContent()).toContain('in Resultaten borgen na de deal')
    expect(await result.locator('.result__title').textContent()).toBe('Zaal 3: geld en planning')
    expect(await result.locator('.result__snippet mark').textContent()).toBe(rareWord)
    await checkAccessibility(page)
    await saveScreenshot(page, 'search-one-result-nl')

    await result.getByRole('link', { name: 'Zaal 3: geld en planning' }).click()
    await page.waitForURL(`${bt.baseUrl}/sessions/${sessionSlug}#breakout-${roomId}`)
    const room = page.locator(`#breakout-${roomId}`)
    expect(await room.locator('h3').textContent()).toBe('Zaal 3: geld en planning')
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
    const box3 = await room.boundingBox()
    const viewport = page.viewportSize()
    expect(box3 && viewport && box3.y >= 0 && box3.y < viewport.height).toBe(true)
    expect(await room.textContent()).toContain(rareWord)
    // What the person sees on arrival (the viewport, not the whole page).
    await page.screenshot({ path: `${screenshotDir}/search-opened-room.png` })
  })

  it('a facet and the filters narrow the results', { timeout: 60_000 }, async () => {
    const page = await logInAs(bt, member)
    await page.goto('/search?q=financiering')
    const all = await resultTitles(page)
    expect(all.length).toBeGreaterThanOrEqual(5)
    expect(await page.locator('.result .tag').allTextContents()).toEqual(
      expect.arrayContaining(['Wikipagina', 'Sessie', 'Break-out', 'Vraag of discussie', 'Reactie']),
    )
    await saveScreenshot(page, 'search-results-nl')

    // The facet tab for questions and discussions.
    const facets = page.getByRole('navigation', { name: 'Resultaten per soort' })
    await facets.getByRole('link', { name: /Vraag of discussie/ }).click()
    await page.waitForURL(/type=thread/)
    expect((await resultTitles(page)).sort()).toEqual([
      'Ervaringen met Europese financiering',
      'Wie regelt de financiering na afloop?',
    ])
    expect(await facets.locator('[aria-current="page"]').textContent()).toContain('Vraag of discussie')
    await checkAccessibility(page)

    // The period filter keeps the thread from 2019 only.
    await page.getByLabel('Periode').selectOption('2019')
    await page.locator('form.search-form').getByRole('button', { name: 'Zoeken' }).click()
    await page.waitForURL(/period=2019/)
    expect(await resultTitles(page)).toEqual(['Ervaringen met Europese financiering'])

    // "About deal or theme": only what links to the deal.
    await page.getByLabel('Periode').selectOption('')
    await page.getByLabel('Soort', { exact: true }).selectOption('')
    // Typing part of its title offers the deal's full title in the browser's list.
    const over = page.getByLabel('Over deal of thema')
    await over.pressSequentially(deal.slice(0, 8))
    await expect
      .poll(
        () =>
          page
            .locator('#search-over-titles option')
            .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
        {
          timeout: 5000,
        },
      )
      .toContain(deal)
    await over.fill(deal)
    await page.locator('form.search-form').getByRole('button', { name: 'Zoeken' }).click()
    await page.waitForURL(/over=/)
    const linked = await resultTitles(page)
    expect(linked).toContain('Wie regelt de financiering na afloop?')
    expect(linked).not.toContain('Ervaringen met Europese financiering')
    expect(linked).not.toContain('Financiering van deals')
    expect(linked.length).toBeLessThan(all.length)
    await checkAccessibility(page)
    await saveScreenshot(page, 'search-filtered-nl')

    // Printed, the results keep their text without the forms and tabs.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('form.search-form').isVisible()).toBe(false)
    expect(await facets.isVisible()).toBe(false)
    expect(await page.locator('.result').first().isVisible()).toBe(true)
    expect(await page.locator('.search-print-query').textContent()).toBe('Zoekopdracht: financiering')
    expect(await page.locator('.search-print-query').isVisible()).toBe(true)
    await page.screenshot({ path: `${screenshotDir}/search-print.png`, fullPage: true })
    await page.emulateMedia({ media: 'screen' })
  })

  for (const [locale, lang, tooGeneral] of [
    ['nl-NL', 'nl', 'Die woorden komen in bijna elke tekst voor'],
    ['en-GB', 'en', 'Those words occur in nearly every text'],
  ] as const) {
    it(`passes axe with results and with the too-general message (${lang})`, {
      timeout: 60_000,
    }, async () => {
      const page = await logInAs(bt, member, locale)
      await page.goto('/search?q=financiering')
      expect(await page.getAttribute('html', 'lang')).toBe(lang)
      expect(await page.locator('.result').count()).toBeGreaterThan(0)
      await checkAccessibility(page)
      await saveScreenshot(page, `search-results-${lang}`)

      await page.goto('/search?q=de%20het')
      expect(await page.locator('.notice[role="status"]').textContent()).toContain(tooGeneral)
      expect(await page.locator('.result').count()).toBe(0)
      await checkAccessibility(page)
      await saveScreenshot(page, `search-too-general-${lang}`)

      // The header box (on every page but the search page, which has its own) shows where the keyboard is.
      expect(await page.locator('#header-q').count()).toBe(0)
      await page.goto('/')
      await page.locator('#header-q').focus()
      const outline = await page.locator('#header-q').evaluate((el) => getComputedStyle(el).outlineStyle)
      expect(outline).not.toBe('none')
      await page.screenshot({ path: `${screenshotDir}/search-header-focus-${lang}.png` })
    })
  }

  for (const [locale, lang] of [
    ['nl-NL', 'nl'],
    ['en-GB', 'en'],
  ] as const) {
    it(`fits a 375 px phone without horizontal scrolling (${lang})`, { timeout: 60_000 }, async () => {
      const page = await logInAs(bt, member, locale)
      await page.setViewportSize({ width: 375, height: 812 })
      for (const [url, name] of [
        ['/', 'home'],
        ['/search?q=financiering', 'results'],
        ['/search?q=de%20het', 'too-general'],
      ] as const) {
        await page.goto(url)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, `horizontal overflow on ${url}`).toBeLessThanOrEqual(0)
        if (url === '/') {
          const header = await page.locator('.header-search').boundingBox()
          expect(header && header.x >= 0 && header.x + header.width <= 375).toBe(true)
        } else {
          // The filters fold away once words are searched: the answer starts on the first screen.
          const answer = await page
            .locator('.search-results h2, .notice[role="status"]')
            .first()
            .boundingBox()
          expect(answer && answer.y + answer.height <= 812, `answer on the first screen of ${url}`).toBe(true)
        }
        await saveScreenshot(page, `search-phone-${name}-${lang}`)
      }
      // Unfolded, the filters fit the phone too.
      await page.goto('/search?q=financiering')
      await page.locator('.search-form__more > summary').click()
      expect(await page.locator('#search-period').isVisible()).toBe(true)
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0)
      await saveScreenshot(page, `search-phone-filters-${lang}`)
      await page.goto('/')
      await page.locator('#header-q').focus()
      await page.screenshot({ path: `${screenshotDir}/search-phone-focus-${lang}.png` })
    })
  }
})
