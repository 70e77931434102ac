import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createReply,
  createThread,
  findPost,
  findThread,
  listCategories,
  setPostHidden,
} from '../../src/forum/queries.js'
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
  let admin: Awaited<ReturnType<typeof createTestMember>>
  beforeAll(async () => {
    bt = await startBrowserTest()
    asker = await createTestMember(bt.app, { name: 'Ans Vrager' })
    answerer = await createTestMember(bt.app, { name: 'Bo Beantwoorder' })
    moderator = await createTestMember(bt.app, { name: 'Mo Moderator', role: 'moderator' })
    admin = await createTestMember(bt.app, { name: 'Ad Beheerder', role: 'admin' })
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
    // The quote link is the page's own address with the post to quote: it opens the reply form with it.
    await bo.locator('article.post').first().getByRole('link', { name: 'Citeren' }).click()
    await bo.waitForURL(/\?quote=\d+#reply$/)
    expect(new URL(bo.url()).pathname).toBe(new URL(threadUrl).pathname)
    expect(await bo.getByLabel('Uw reactie').inputValue()).toContain('**Ans Vrager** schreef:')

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

  for (const [locale, lang] of [
    ['nl-NL', 'nl'],
    ['en-GB', 'en'],
  ] as const) {
    it(`editing, history, flags, categories, a locked thread, reply errors and preview pass axe (${lang})`, {
      timeout: 120_000,
    }, async () => {
      const [category] = await listCategories(bt.app.db)
      if (!category) throw new Error('the migrations create default categories')
      const { threadId } = await createThread(bt.app.db, {
        categoryId: category.id,
        kind: 'question',
        title: `Wie heeft een model voor de samenwerkingsovereenkomst (${lang})?`,
        body: 'Wij zoeken een voorbeeld voor de [[Regio Deal Veenkoloniën]].',
        authorId: asker.id,
        submissionKey: null,
      })
      const thread = await findThread(bt.app.db, threadId)
      if (!thread) throw new Error('thread not created')
      const { postId: replyId } = await createReply(bt.app.db, thread, {
        body: 'Wij gebruiken het **VNG-model**, met een bijlage per partner.',
        authorId: answerer.id,
        submissionKey: null,
      })
      const { postId: hiddenId } = await createReply(bt.app.db, thread, {
        body: 'Koop nu goedkope horloges!',
        authorId: asker.id,
        submissionKey: null,
      })
      const hidden = await findPost(bt.app.db, hiddenId)
      if (!hidden) throw new Error('post not created')
      await setPostHidden(bt.app.db, hidden, true)

      const check = async (page: Page, name: string) => {
        expect(await page.getAttribute('html', 'lang')).toBe(lang)
        await checkAccessibility(page)
        await saveScreenshot(page, `forum-${name}-${lang}`)
      }

      // The answerer edits the reply, which gives it a history, and reports the question.
      const bo = await logIn(answerer, locale)
      await bo.goto(`/posts/${replyId}/edit`)
      await check(bo, 'edit-post')
      await bo
        .locator('#f-body')
        .fill('Wij gebruiken het **VNG-model** van 2021, met een bijlage per partner.')
      await bo.locator('#f-summary').fill('jaartal')
      await bo.locator('button[value="save"]').click()
      await bo.waitForURL(new RegExp(`#post-${replyId}$`))
      await bo.goto(`/posts/${replyId}/history`)
      expect((await bo.locator('.diff ins').allTextContents()).join('')).toContain('van 2021')
      await check(bo, 'post-history')
      await bo.goto(`/threads/${threadId}`)
      const opener = bo.locator('.post').first()
      await opener.locator('a[href$="/flag"]').click()
      await bo.waitForURL(/\/flag$/)
      await check(bo, 'flag')
      await bo.locator('#f-reason').fill('Dubbel gesteld, zie de andere vraag.')
      await bo.locator('form[action$="/flag"] button[type="submit"]').click()
      await bo.waitForURL(/#post-\d+$/)

      // A reply without text, then with a preview; both come back on the reply page.
      await bo.goto(`/threads/${threadId}#reply`)
      await bo.locator('#reply button[value="save"]').click()
      await bo.waitForLoadState()
      expect(await bo.locator('.form-errors li').count()).toBe(1)
      await check(bo, 'reply-errors')
      await bo.locator('#f-body').fill('Zie ook de [[Regio Deal Veenkoloniën]]: daar werkt het **goed**.')
      await bo.locator('button[value="preview"]').click()
      await bo.waitForLoadState()
      expect(await bo.locator('[data-preview-body] strong').textContent()).toBe('goed')
      await check(bo, 'reply-preview')

      const mo = await logIn(moderator, locale)
      await mo.goto('/admin/flags')
      expect(await mo.locator('.change-list li').count()).toBeGreaterThan(0)
      await check(mo, 'flags')
      await mo.goto(`/threads/${threadId}`)
      expect(await mo.locator('.post--hidden').count()).toBe(1)
      await check(mo, 'thread-moderator')

      // Bo still has the reply form open when the moderator locks the thread.
      await mo.locator('form[action$="/lock"] button').click()
      await mo.waitForLoadState()
      await bo.locator('button[value="save"]').click()
      await bo.waitForLoadState()
      expect(await bo.locator('h1').textContent()).toBe(lang === 'nl' ? 'Gesloten onderwerp' : 'Locked topic')
      await check(bo, 'locked-refused')
      await bo.goto(`/threads/${threadId}`)
      expect(await bo.locator('#reply').count()).toBe(0)
      await check(bo, 'thread-locked')
      await check(mo, 'thread-locked-moderator')

      const ad = await logIn(admin, locale)
      await ad.goto('/admin/categories')
      await check(ad, 'admin-categories')
    })
  }
})
