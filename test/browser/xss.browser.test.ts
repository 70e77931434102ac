// The XSS corpus rendered where members read it. The strict CSP would block most payloads even if the
// sanitizer let them through, so "no dialog opened" alone proves little: these tests also fail on any
// CSP violation and on any dangerous markup that reached the DOM, so a weakened sanitizer is caught
// even while the CSP still holds.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createThread, listCategories } from '../../src/forum/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  describeBrowser,
  expectNoPageProblems,
  logInAs,
  recordCspViolations,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'
import { xssPayloads } from '../text/xss-corpus.js'

const corpus = xssPayloads.map((p, i) => `Payload ${i}: ${p}`).join('\n\n')

/** Everything inside `selector` that could run script, load a frame or rewrite the page. */
async function dangerousMarkup(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const forbiddenTags = new Set([
      'script',
      'iframe',
      'frame',
      'object',
      'embed',
      'applet',
      'base',
      'meta',
      'link',
      'style',
      'form',
      'svg',
      'math',
      'template',
      'noscript',
      'video',
      'audio',
      'source',
      'details',
    ])
    const found: string[] = []
    for (const root of Array.from(document.querySelectorAll(selector))) {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        const tag = element.localName
        if (forbiddenTags.has(tag)) found.push(`<${tag}>`)
        for (const { name, value } of Array.from(element.attributes)) {
          // Browsers ignore whitespace and control characters inside a scheme, so the check does too.
          const squeezed = Array.from(value)
            .filter((ch) => ch.charCodeAt(0) > 0x20)
            .join('')
            .toLowerCase()
          if (name.toLowerCase().startsWith('on')) found.push(`<${tag} ${name}>`)
          else if (name === 'style' || name === 'srcdoc') found.push(`<${tag} ${name}>`)
          else if (/^(javascript|vbscript|data):/.test(squeezed)) found.push(`<${tag} ${name}="${value}">`)
        }
      }
    }
    return found
  }, selector)
}

describeBrowser('the XSS corpus in a browser', () => {
  let bt: BrowserTest
  let member: Awaited<ReturnType<typeof createTestMember>>
  let threadId: number
  beforeAll(async () => {
    bt = await startBrowserTest()
    member = await createTestMember(bt.app, { name: 'Xavier Proef' })
    await createPage(bt.app.db, {
      title: 'XSS proef',
      kind: 'page',
      body: corpus,
      fields: emptyFields,
      summary: null,
      authorId: member.id,
    })
    const [category] = await listCategories(bt.app.db)
    if (!category) throw new Error('the migrations create default categories')
    ;({ threadId } = await createThread(bt.app.db, {
      categoryId: category.id,
      kind: 'discussion',
      title: 'XSS proef in het forum',
      body: corpus,
      authorId: member.id,
      submissionKey: null,
    }))
  })
  afterAll(async () => bt?.close())

  /** Opens the path as the member and fails on anything the corpus made the browser do or show. */
  async function expectInert(path: string, selector: string, screenshot: string) {
    const page = await logInAs(bt, member)
    const dialogs: string[] = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    const violations = await recordCspViolations(page)
    await page.goto(path)
    // Every payload must have been rendered, or the checks below would pass on an empty page.
    const text = (await page.locator(selector).first().textContent()) ?? ''
    for (let i = 0; i < xssPayloads.length; i++) expect(text).toContain(`Payload ${i}:`)
    expect(text).toContain('<script>alert(1)</script>')
    // Give handlers (onerror, onload, autofocus, onmouseover) their chance to fire.
    for (const link of await page.locator(`${selector} a`).all()) await link.hover()
    await page.waitForTimeout(300)

    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { xssRan?: number }).xssRan)).toBeUndefined()
    expect(await violations(), `CSP violations on ${path}`).toEqual([])
    expect(await dangerousMarkup(page, selector), `dangerous markup on ${path}`).toEqual([])
    // The console also names violations ("Refused to …") and script errors.
    expectNoPageProblems(page)
    await saveScreenshot(page, screenshot)
  }

  it('on a wiki page nothing runs, nothing is blocked and nothing dangerous is in the DOM', async () => {
    await expectInert('/wiki/xss-proef', '.wiki-page .markdown', 'xss-wiki')
  })

  it('in a forum post nothing runs, nothing is blocked and nothing dangerous is in the DOM', async () => {
    await expectInert(`/threads/${threadId}`, '.post .markdown', 'xss-forum')
  })
})
