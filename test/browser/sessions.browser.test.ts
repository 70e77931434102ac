import { afterAll, beforeAll, expect, it } from 'vitest'
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

describeBrowser('theme sessions in a browser', () => {
  let bt: BrowserTest
  let moderator: Awaited<ReturnType<typeof createTestMember>>
  let member: Awaited<ReturnType<typeof createTestMember>>
  beforeAll(async () => {
    bt = await startBrowserTest()
    moderator = await createTestMember(bt.app, { role: 'moderator', name: 'Henk Moderator' })
    member = await createTestMember(bt.app, { name: 'Lies Lid' })
    for (const [title, kind] of [
      ['Willem Inspirator', 'person'],
      ['City Deal Kennis', 'deal'],
    ] as const) {
      await createPage(bt.app.db, {
        title,
        kind,
        body: '',
        fields: emptyFields,
        summary: null,
        authorId: moderator.id,
      })
    }
  })
  afterAll(async () => bt?.close())

  const logIn = (person: { email: string; password: string }, locale = 'nl-NL') => logInAs(bt, person, locale)

  it('plan, announce, write up with break-outs and ideas, publish, vote; pages link back', {
    timeout: 120_000,
  }, async () => {
    const mod = await logIn(moderator)
    await mod.goto('/sessions/new')
    await checkAccessibility(mod)
    await mod.getByLabel('Titel', { exact: true }).fill('Van plan naar uitvoering')
    await mod.getByLabel('Reeks', { exact: true }).fill('themasessie CoP City Deals')
    await mod.getByLabel('Nummer in de reeks').fill('6')
    await mod.getByLabel('Begint (Nederlandse tijd)').fill('2099-04-20T15:30')
    await mod.getByLabel('Eindigt', { exact: true }).fill('2099-04-20T17:00')
    await mod.getByLabel('Plaats of link').fill('https://vergader.example/cop')
    await mod.getByLabel('Inspiratoren en sprekers').fill('Willem Inspirator')
    await mod.getByLabel('Deelnemers', { exact: true }).fill('Lies Lid\nNog Onbekend')
    await mod.getByRole('button', { name: 'Opslaan' }).click()
    await mod.waitForURL(/\/sessions\/2099-04-20-van-plan-naar-uitvoering$/)
    const sessionUrl = mod.url()

    // Members see the announcement, with the meeting link, and can download the .ics.
    const lid = await logIn(member)
    await lid.goto('/')
    expect(await lid.locator('#next-session').locator('..').textContent()).toContain(
      'Van plan naar uitvoering',
    )
    await lid.goto(sessionUrl)
    expect(await lid.locator('.facts').textContent()).toContain('https://vergader.example/cop')
    const [download] = await Promise.all([
      lid.waitForEvent('download'),
      lid.getByRole('link', { name: 'Zet in mijn agenda (.ics)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('2099-04-20-van-plan-naar-uitvoering.ics')
    await checkAccessibility(lid)

    // The moderator writes the report: text, two break-out rooms, three ideas.
    await mod.goto(`${sessionUrl}/edit`)
    await mod
      .getByLabel('Verslag', { exact: true })
      .fill('Een levendige sessie over [[City Deal Kennis]] met inspirator [[Willem Inspirator]].')
    await mod.getByRole('button', { name: 'Opslaan' }).click()
    await mod.waitForURL(sessionUrl)
    const rooms: [string, string][] = [
      ['Zaal 1: partners', 'Kleine zichtbare resultaten helpen.'],
      ['Zaal 2: bestuur', 'Bestuurders willen korte stukken.'],
    ]
    for (const [title, notes] of rooms) {
      await mod.locator('summary', { hasText: 'Break-out toevoegen' }).click()
      await mod.locator('#nb-title').fill(title)
      await mod.locator('#nb-participants').fill('Lies Lid')
      await mod.locator('#nb-notes').fill(notes)
      await mod.getByRole('button', { name: 'Break-out toevoegen' }).click()
      await mod.waitForURL(/#breakout-\d+$/)
    }
    await mod.getByRole('button', { name: 'Verslag als concept' }).click()
    await mod.waitForURL(sessionUrl)
    for (const idea of ['Data delen', 'Bestuurders betrekken', 'Lessen uit afgeronde deals']) {
      await mod.locator('summary', { hasText: 'Idee voorstellen' }).click()
      await mod.locator('#ni-title').fill(idea)
      await mod.getByRole('button', { name: 'Idee voorstellen' }).click()
      await mod.waitForURL(/#idea-\d+$/)
    }
    // While a draft, the member gets a 404.
    const hidden = await lid.goto(sessionUrl)
    expect(hidden?.status()).toBe(404)
    await mod.getByRole('button', { name: 'Verslag publiceren' }).click()
    await mod.waitForURL(sessionUrl)
    expect(await mod.locator('.breakout h3').allTextContents()).toEqual([
      'Zaal 1: partners',
      'Zaal 2: bestuur',
    ])
    await checkAccessibility(mod)
    await saveScreenshot(mod, 'session')

    // The member votes on an idea.
    await lid.goto(sessionUrl)
    await lid
      .locator('.idea', { hasText: 'Bestuurders betrekken' })
      .getByRole('button', { name: /Stem op dit idee/ })
      .click()
    await lid.waitForURL(/#idea-\d+$/)
    expect(await lid.locator('.idea', { hasText: 'Bestuurders betrekken' }).textContent()).toContain('1 stem')
    await checkAccessibility(lid)

    // The person page and the deal page show the session under Mentioned in.
    for (const slug of ['willem-inspirator', 'city-deal-kennis']) {
      await lid.goto(`/wiki/${slug}`)
      expect(await lid.locator('.backlinks').textContent()).toContain('Van plan naar uitvoering')
    }

    // The report prints without menus and forms.
    await lid.goto(sessionUrl)
    await lid.emulateMedia({ media: 'print' })
    expect(await lid.locator('.site-header').isVisible()).toBe(false)
    expect(await lid.locator('form').first().isVisible()).toBe(false)
    await lid.screenshot({ path: `${screenshotDir}/session-print.png`, fullPage: true })
    await lid.emulateMedia({ media: 'screen' })

    for (const path of ['/sessions', '/sessions/ideas']) {
      await lid.goto(path)
      await checkAccessibility(lid)
    }
    await saveScreenshot(lid, 'sessions-ideas')
  })

  it('session pages pass axe in English', async () => {
    const page = await logIn(member, 'en-GB')
    for (const path of ['/sessions', '/sessions/ideas', '/sessions/2099-04-20-van-plan-naar-uitvoering']) {
      await page.goto(path)
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      await checkAccessibility(page)
    }
    const mod = await logIn(moderator, 'en-GB')
    for (const path of [
      '/sessions/new',
      '/sessions/import',
      '/sessions/2099-04-20-van-plan-naar-uitvoering/edit',
    ]) {
      await mod.goto(path)
      await checkAccessibility(mod)
    }
  })
})
