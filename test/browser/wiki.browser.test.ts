import { afterAll, beforeAll, expect, it } from 'vitest'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, updatePage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  logInAs,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'

describeBrowser('the wiki in a browser', () => {
  let bt: BrowserTest
  let member: Awaited<ReturnType<typeof createTestMember>>
  let colleague: Awaited<ReturnType<typeof createTestMember>>
  beforeAll(async () => {
    bt = await startBrowserTest()
    member = await createTestMember(bt.app, { name: 'Wiki Schrijver' })
    colleague = await createTestMember(bt.app, { name: 'Collega Tegelijk' })
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
    // The list is in sight, also below a text box taller than what is left of the window.
    const box = await page.locator('#title-suggestions').boundingBox()
    const height = page.viewportSize()?.height ?? 0
    expect(box && box.y >= 0 && box.y + box.height <= height, JSON.stringify({ box, height })).toBe(true)
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

  for (const [locale, lang] of [
    ['nl-NL', 'nl'],
    ['en-GB', 'en'],
  ] as const) {
    it(`a deal, its history, diff, edit form, preview and an edit conflict pass axe (${lang})`, {
      timeout: 90_000,
    }, async () => {
      const title = `Green Deal Toegankelijk ${lang}`
      const created = await createPage(bt.app.db, {
        title,
        kind: 'deal',
        body: 'De deal begon met [[Kennisinfrastructuur]] en vijf gemeenten.',
        fields: { ...emptyFields, deal_type: 'green-deal', deal_status: 'in-preparation', partner_count: 5 },
        summary: null,
        authorId: colleague.id,
      })
      if (!created.ok) throw new Error('page not created')
      const { slug } = created
      await updatePage(bt.app.db, created.id, 1, {
        title,
        kind: 'deal',
        body: 'De deal loopt met [[Kennisinfrastructuur]] en acht gemeenten.',
        fields: {
          ...emptyFields,
          deal_type: 'green-deal',
          deal_status: 'running',
          partner_count: 8,
          signed_on: '2021-05-04',
        },
        summary: 'ondertekend',
        authorId: member.id,
      })
      const page = await loggedInPage(locale)
      const check = async (name: string) => {
        expect(await page.getAttribute('html', 'lang')).toBe(lang)
        await checkAccessibility(page)
        await saveScreenshot(page, `wiki-${name}-${lang}`)
      }

      await page.goto(`/wiki/${slug}`)
      await check('deal')
      await page.goto(`/wiki/${slug}/history`)
      await check('history')
      await page.goto(`/wiki/${slug}/diff?from=1&to=2`)
      expect(await page.locator('table.field-changes tbody tr').count()).toBe(3)
      await check('diff')

      // Validation errors: a title that is too long, an end before the signing, a field too long.
      await page.goto(`/wiki/${slug}/edit`)
      await page.locator('#f-title').fill('T'.repeat(151))
      await page.locator('#f-ends_on').fill('2020-01-01')
      await page.locator('#f-project_lead').fill('P'.repeat(151))
      await page.locator('button[value="save"]').click()
      await page.waitForLoadState()
      expect(await page.locator('.form-errors li').count()).toBe(3)
      await check('edit-errors')

      // The Preview button without saving (the server renders it, as without JavaScript).
      await page.locator('#f-title').fill(title)
      await page.locator('#f-ends_on').fill('2027-12-31')
      await page.locator('#f-project_lead').fill('')
      await page
        .locator('#f-body')
        .fill('## Aanpak\n\nDe deal loopt met **acht** gemeenten en [[Nog Geen Pagina]].')
      await page.locator('button[value="preview"]').click()
      await page.waitForLoadState()
      expect(await page.locator('[data-preview-body] h2').textContent()).toBe('Aanpak')
      await check('edit-preview')

      // Two people edit at once: the colleague renames the page and changes the status first.
      const other = await logInAs(bt, colleague)
      await other.goto(`/wiki/${slug}/edit`)
      await other.locator('#f-title').fill(`${title} en Delta`)
      await other.locator('#f-deal_status').selectOption('completed')
      await other
        .locator('#f-body')
        .fill('De deal is afgerond met [[Kennisinfrastructuur]] en acht gemeenten.')
      await other.locator('button[value="save"]').click()
      await other.waitForURL(`${bt.baseUrl}/wiki/${slug}-en-delta`)
      await page.locator('#f-partner_count').fill('9')
      await page.locator('button[value="save"]').click()
      await page.waitForLoadState()
      expect(await page.locator('#conflict-title').count()).toBe(1)
      expect(await page.locator('#f-body').inputValue()).toContain('**acht** gemeenten')
      expect(await page.locator('.conflict table.field-changes tbody th').allTextContents()).toEqual(
        lang === 'nl'
          ? ['Titel', 'Status', 'Loopt tot', 'Aantal partners']
          : ['Title', 'Status', 'Runs until', 'Number of partners'],
      )
      await check('edit-conflict')
    })
  }
})
