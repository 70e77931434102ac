import { afterAll, beforeAll, expect, it } from 'vitest'
import { updateSiteSettings } from '../../src/settings/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'

describeBrowser('home page in a browser', () => {
  let bt: BrowserTest
  beforeAll(async () => {
    bt = await startBrowserTest()
    await updateSiteSettings(bt.app.db, { visibility: 'public' })
  })
  afterAll(async () => bt?.close())

  it('loads in Dutch, passes axe, and switches to English with the footer buttons', async () => {
    const context = await bt.newContext()
    const page = await context.newPage()
    await page.goto('/')
    expect(await page.getAttribute('html', 'lang')).toBe('nl')
    expect(await page.title()).toBe('Startpagina · Leerplein')
    await checkAccessibility(page)
    await saveScreenshot(page, 'home-nl')

    await page.getByRole('button', { name: 'English' }).click()
    await page.waitForURL(`${bt.baseUrl}/`)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await expect.poll(() => page.getByRole('link', { name: 'Home' }).count()).toBe(1)
    await checkAccessibility(page)
    await saveScreenshot(page, 'home-en')
  })

  it('offers a skip link as the first thing the keyboard reaches', async () => {
    const page = await (await bt.newContext()).newPage()
    await page.goto('/')
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.textContent)
    expect(focused).toBe('Naar de inhoud')
    await page.keyboard.press('Enter')
    expect(page.url()).toBe(`${bt.baseUrl}/#main`)
  })

  it('fits a 360 px phone without horizontal scrolling', async () => {
    const context = await bt.browser.newContext({
      baseURL: bt.baseUrl,
      viewport: { width: 360, height: 740 },
    })
    const page = await context.newPage()
    await page.goto('/')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await saveScreenshot(page, 'home-phone')
    await context.close()
  })

  it('shows the 404, accessibility and privacy pages accessibly', async () => {
    const page = await (await bt.newContext()).newPage()
    for (const [url, name] of [
      ['/does-not-exist', 'not-found'],
      ['/toegankelijkheid', 'accessibility'],
      ['/privacy', 'privacy'],
    ] as const) {
      await page.goto(url)
      await checkAccessibility(page)
      await saveScreenshot(page, name)
    }
  })
})
