import { afterAll, beforeAll, expect, it } from 'vitest'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'
import { xssPayloads } from '../text/xss-corpus.js'

describeBrowser('the wiki in a browser', () => {
  let bt: BrowserTest
  let member: Awaited<ReturnType<typeof createTestMember>>
  beforeAll(async () => {
    bt = await startBrowserTest()
    member = await createTestMember(bt.app, { name: 'Wiki Schrijver' })
  })
  afterAll(async () => bt?.close())

  async function loggedInPage(locale = 'nl-NL') {
    const context = await bt.browser.newContext({ baseURL: bt.baseUrl, locale })
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByLabel(locale.startsWith('nl') ? 'E-mailadres' : 'Email address').fill(member.email)
    await page.getByLabel(locale.startsWith('nl') ? 'Wachtwoord' : 'Password').fill(member.password)
    await page.getByRole('button', { name: locale.startsWith('nl') ? 'Inloggen' : 'Log in' }).click()
    await page.waitForURL(`${bt.baseUrl}/`)
    return page
  }

  it('a deal and a theme link to each other and each shows the other under Mentioned in', {
    timeout: 90_000,
  }, async () => {
    const page = await loggedInPage()
    await page.goto('/wiki/new?kind=deal')
    await checkAccessibility(page)
    await page.getByLabel('Titel').fill('City Deal Kennis maken')
    await page.getByLabel('Soort deal').selectOption('city-deal')
    await page.getByLabel('Status', { exact: true }).selectOption('running')
    await page.getByLabel('Ondertekend op').fill('2019-03-01')
    await page
      .getByLabel('Tekst', { exact: true })
      .fill('Deze deal werkt aan [[Kennisinfrastructuur]] met [[Hogeschool Noord]].')
    // Live preview (JavaScript) shows the missing link before saving.
    await expect
      .poll(() => page.locator('[data-preview-body]').innerHTML(), { timeout: 5000 })
      .toContain('wikilink--missing')
    await saveScreenshot(page, 'wiki-editor')
    await page.getByRole('button', { name: 'Opslaan' }).click()
    await page.waitForURL(`${bt.baseUrl}/wiki/city-deal-kennis-maken`)
    await checkAccessibility(page)

    // Follow the missing link into a prefilled create form, and make it a theme linking back.
    await page.getByRole('link', { name: /Kennisinfrastructuur/ }).click()
    await page.waitForURL(/\/wiki\/new\?title=Kennisinfrastructuur/)
    expect(await page.getByLabel('Titel').inputValue()).toBe('Kennisinfrastructuur')
    await page.getByLabel('Soort pagina').selectOption('theme')
    await page.getByLabel('Samenvatting in één regel').fill('Hoe kennis tussen deals blijft stromen')
    const body = page.getByLabel('Tekst', { exact: true })
    await body.fill('Zie de ')
    await body.pressSequentially('[[City')
    // [[ completion offers the deal's title.
    await expect
      .poll(() => page.locator('#title-suggestions li').allTextContents(), { timeout: 5000 })
      .toContain('City Deal Kennis maken')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    expect(await body.inputValue()).toBe('Zie de [[City Deal Kennis maken]]')
    await page.getByRole('button', { name: 'Opslaan' }).click()
    await page.waitForURL(`${bt.baseUrl}/wiki/kennisinfrastructuur`)

    const mentioned = page.locator('.backlinks')
    expect(await mentioned.textContent()).toContain('City Deal Kennis maken')
    expect(await page.locator('#theme-deals-title').count()).toBe(1)
    await checkAccessibility(page)
    await saveScreenshot(page, 'wiki-theme')

    await page.goto('/wiki/city-deal-kennis-maken')
    expect(await page.locator('.backlinks').textContent()).toContain('Kennisinfrastructuur')
    // The link that was missing now is a normal link.
    expect(await page.locator('.markdown a.wikilink--missing').allTextContents()).toEqual([
      'Hogeschool Noord (pagina bestaat nog niet)',
    ])
    await saveScreenshot(page, 'wiki-deal')

    for (const path of [
      '/wiki',
      '/wiki?kind=deal',
      '/wiki/wanted',
      '/changes',
      '/wiki/kennisinfrastructuur/history',
    ]) {
      await page.goto(path)
      await checkAccessibility(page)
    }
    await saveScreenshot(page, 'wiki-history')
    await page.goto('/wiki/city-deal-kennis-maken/diff?from=1&to=1')
    await checkAccessibility(page)
  })

  it('pages pass axe in English too', async () => {
    const page = await loggedInPage('en-GB')
    for (const path of ['/wiki', '/wiki/kennisinfrastructuur', '/wiki/new', '/wiki/wanted', '/changes']) {
      await page.goto(path)
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      await checkAccessibility(page)
    }
    await saveScreenshot(page, 'wiki-en')
  })

  it('renders the whole XSS corpus on one page without a dialog or a script running', async () => {
    await createPage(bt.app.db, {
      title: 'XSS proef',
      kind: 'page',
      body: xssPayloads.map((p, i) => `Payload ${i}: ${p}`).join('\n\n'),
      fields: emptyFields,
      summary: null,
      authorId: member.id,
    })
    const context = await bt.newContext()
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    await page.goto('/login')
    await page.getByLabel('E-mailadres').fill(member.email)
    await page.getByLabel('Wachtwoord').fill(member.password)
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await page.waitForURL(`${bt.baseUrl}/`)
    await page.goto('/wiki/xss-proef')
    // Give handlers (onerror, onload, autofocus) a chance to fire, and hover/focus what can be.
    await page.mouse.move(200, 300)
    await page.waitForTimeout(500)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { xssRan?: number }).xssRan)).toBeUndefined()
    expect(
      await page.locator('.markdown script, .markdown iframe, .markdown svg, .markdown object').count(),
    ).toBe(0)
    expect(await page.locator('.markdown').textContent()).toContain('<script>alert(1)</script>')
    await saveScreenshot(page, 'wiki-xss')
  })
})
