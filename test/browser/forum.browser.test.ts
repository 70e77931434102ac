import { afterAll, beforeAll, expect, it } from 'vitest'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  logInAs,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'

describeBrowser('the forum in a browser', () => {
  let bt: BrowserTest
  let asker: Awaited<ReturnType<typeof createTestMember>>
  let answerer: Awaited<ReturnType<typeof createTestMember>>
  let moderator: Awaited<ReturnType<typeof createTestMember>>
  beforeAll(async () => {
    bt = await startBrowserTest()
    asker = await createTestMember(bt.app, { name: 'Ans Vrager' })
    answerer = await createTestMember(bt.app, { name: 'Bo Beantwoorder' })
    moderator = await createTestMember(bt.app, { name: 'Mo Moderator', role: 'moderator' })
    await createPage(bt.app.db, {
      title: 'Regio Deal Veenkoloniën',
      kind: 'deal',
      body: 'Een deal voor de regio.',
      fields: { ...emptyFields, deal_type: 'regio-deal' },
      summary: null,
      authorId: asker.id,
    })
  })
  afterAll(async () => bt?.close())

  const logIn = (person: { email: string; password: string }, locale = 'nl-NL') => logInAs(bt, person, locale)

  it('ask with a [[deal]], answer, accept; the list, the deal page and the inbox follow', {
    timeout: 120_000,
  }, async () => {
    const ans = await logIn(asker)
    await ans.goto('/threads')
    await checkAccessibility(ans)
    await ans.getByRole('link', { name: 'Nieuwe vraag of discussie' }).click()
    await ans.getByLabel('Titel').fill('Hoe houden jullie de gemeenten betrokken?')
    await ans.getByLabel('Categorie').selectOption({ label: 'Samenwerken en partners' })
    await ans
      .getByLabel('Tekst')
      .fill('Bij de [[Regio Deal Veenkoloniën]] haken gemeenten af na de ondertekening.')
    await checkAccessibility(ans)
    await saveScreenshot(ans, 'forum-new')
    await ans.getByRole('button', { name: 'Plaatsen' }).click()
    await ans.waitForURL(/\/threads\/\d+-hoe-houden-jullie-de-gemeenten-betrokken$/)
    const threadUrl = ans.url()

    const bo = await logIn(answerer)
    await bo.goto(threadUrl)
    await bo
      .getByLabel('Uw reactie')
      .fill('Wij plannen elk kwartaal een **bestuurlijk ontbijt**. Zie ook [[Regio Deal Veenkoloniën]].')
    await bo.getByRole('button', { name: 'Reactie plaatsen' }).click()
    await bo.waitForURL(/#post-\d+$/)
    await checkAccessibility(bo)

    await ans.reload()
    await ans.getByRole('button', { name: 'Dit is het antwoord' }).click()
    await ans.waitForURL(threadUrl)
    expect(await ans.locator('#accepted-title').textContent()).toBe('Geaccepteerd antwoord')
    await checkAccessibility(ans)
    await saveScreenshot(ans, 'forum-thread')

    await ans.goto('/threads')
    const row = ans.locator('.thread-row', { hasText: 'Hoe houden jullie de gemeenten betrokken?' })
    expect(await row.locator('.tag--solved').count()).toBe(1)
    expect(await row.locator('.label').allTextContents()).toEqual(['Regio Deal Veenkoloniën'])
    await saveScreenshot(ans, 'forum-list')

    await ans.goto('/wiki/regio-deal-veenkolonien')
    const mentioned = ans.locator('.backlinks')
    expect(await mentioned.textContent()).toContain('Hoe houden jullie de gemeenten betrokken?')

    await bo.goto('/')
    expect(await bo.locator('.main-nav .badge').textContent()).toContain('1')
    await bo.getByRole('link', { name: /Meldingen/ }).click()
    expect(await bo.locator('.notifications').textContent()).toContain('Ans Vrager markeerde uw antwoord')
    await checkAccessibility(bo)
    await saveScreenshot(bo, 'notifications')

    const mo = await logIn(moderator)
    await mo.goto(threadUrl)
    await checkAccessibility(mo)
    await mo.goto('/admin/flags')
    await checkAccessibility(mo)
  })

  it('forum pages pass axe in English', async () => {
    const page = await logIn(asker, 'en-GB')
    for (const path of ['/threads', '/threads/new', '/notifications', '/threads?filter=unanswered']) {
      await page.goto(path)
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      await checkAccessibility(page)
    }
    await page.goto('/threads')
    await page.locator('.thread-row a').first().click()
    await checkAccessibility(page)
    await saveScreenshot(page, 'forum-thread-en')
  })
})
