// Browser tests drive Debian's Chromium through playwright-core against the real app on an ephemeral
// port with a temporary database. Every later feature reuses startBrowserTest() and checkAccessibility().
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { describe, expect } from 'vitest'
import { projectRoot } from '../../src/paths.js'
import { createTestApp } from './app.js'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

const skipRequested = process.env.SKIP_BROWSER_TESTS === '1' && process.env.CI !== 'true'

/**
 * `describe` for browser tests. Missing Chromium fails loudly with how to install it, unless the person
 * opted out with SKIP_BROWSER_TESTS=1 (ignored in CI).
 */
export const describeBrowser: typeof describe = ((name: string, fn: () => void) => {
  if (skipRequested) return describe.skip(name, fn)
  if (!existsSync(chromiumPath)) {
    return describe(name, () => {
      throw new Error(
        `Browser tests need Chromium at ${chromiumPath}. Install it with "sudo apt-get install chromium", ` +
          'point CHROMIUM_PATH at another build, or set SKIP_BROWSER_TESTS=1 to skip them on purpose.',
      )
    })
  }
  return describe(name, fn)
}) as typeof describe

export interface BrowserTest {
  app: FastifyInstance
  baseUrl: string
  browser: Browser
  /** A fresh browser profile (its own cookies), as a different person would have. */
  newContext(): Promise<BrowserContext>
  close(): Promise<void>
}

export async function startBrowserTest(): Promise<BrowserTest> {
  const dir = mkdtempSync(path.join(tmpdir(), 'leerplein-browser-'))
  const { app, database } = await createTestApp({}, path.join(dir, 'test.sqlite'))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const baseUrl = `http://127.0.0.1:${address.port}`
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  const contexts: BrowserContext[] = []
  return {
    app,
    baseUrl,
    browser,
    async newContext() {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'nl-NL' })
      contexts.push(context)
      watchForPageProblems(context)
      return context
    },
    async close() {
      await browser.close()
      await app.close()
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A browser page logged in as this member, through the login form, in a fresh profile. */
export async function logInAs(
  bt: BrowserTest,
  person: { email: string; password: string },
  locale = 'nl-NL',
): Promise<Page> {
  const context = await bt.browser.newContext({ baseURL: bt.baseUrl, locale, acceptDownloads: true })
  watchForPageProblems(context)
  const page = await context.newPage()
  await page.goto('/login')
  await page.locator('#f-email').fill(person.email)
  await page.locator('#f-password').fill(person.password)
  await page.locator('form.stack button[type="submit"]').click()
  await page.waitForURL(`${bt.baseUrl}/`)
  return page
}

const problems = new WeakMap<Page, string[]>()

/** Records CSP violations and script errors: both mean a page does not work as built. */
function watchForPageProblems(context: BrowserContext) {
  context.on('page', (page) => {
    const list: string[] = []
    problems.set(page, list)
    page.on('console', (message) => {
      // A failed load is reported through 'response' below, where the document itself can be told apart.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        list.push(`console error on ${page.url()}: ${message.text()}`)
      }
    })
    page.on('response', (response) => {
      if (response.status() >= 400 && response.request().resourceType() !== 'document') {
        list.push(`${response.status()} for ${response.url()} on ${page.url()}`)
      }
    })
    page.on('pageerror', (error) => list.push(`script error on ${page.url()}: ${error.message}`))
  })
}

/** Fails when the page logged a CSP violation, a failed request or a script error so far. */
export function expectNoPageProblems(page: Page): void {
  expect(problems.get(page) ?? [], `problems on ${page.url()}`).toEqual([])
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and fails on any violation, listing them. */
export async function checkAccessibility(page: Page): Promise<void> {
  // evaluate() is not subject to the page's CSP, unlike an injected <script> tag.
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: unknown[] }
    return result.violations
  })) as AxeViolation[]
  const summary = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(summary, `axe violations on ${page.url()}`).toEqual([])
  expectNoPageProblems(page)
}

export const screenshotDir = path.join(projectRoot, 'screenshots')

/** Saves a full-page screenshot under screenshots/ (git-ignored) for people to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * Records the page's securitypolicyviolation events from before its first script runs, and returns
 * a function that reads them. The console only says "Refused to …" when Chromium chooses to; the event
 * is what the CSP specification promises, so a test can rely on it.
 */
export async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener(
      'securitypolicyviolation',
      (event) =>
        seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}: ${event.sample}`),
      true,
    )
  })
  return () =>
    page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
}
