import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { prepareSetupLink } from '../../src/auth/first-run.js'
import { createInvitation, createOneTimeToken } from '../../src/auth/queries.js'
import { updateSiteSettings } from '../../src/settings/queries.js'
import { emptyFields } from '../../src/wiki/fields.js'
import { createPage, findPageById, linkPersonPage } from '../../src/wiki/queries.js'
import {
  type BrowserTest,
  checkAccessibility,
  describeBrowser,
  logInAs,
  saveScreenshot,
  startBrowserTest,
} from '../helpers/browser.js'
import { createTestMember } from '../helpers/members.js'

describeBrowser('joining Leerplein in a browser', () => {
  let bt: BrowserTest
  beforeAll(async () => {
    bt = await startBrowserTest()
  })
  afterAll(async () => bt?.close())

  it('setup link → admin invites a moderator and a member → each joins in a fresh browser → logout', {
    timeout: 90_000,
  }, async () => {
    const setupPath = await prepareSetupLink(bt.app.db)
    expect(setupPath).not.toBeNull()

    // A visitor of the closed community sees the login page, which points to the setup link.
    const adminContext = await bt.newContext()
    const admin = await adminContext.newPage()
    await admin.goto('/')
    expect(new URL(admin.url()).pathname).toBe('/login')
    await checkAccessibility(admin)
    await saveScreenshot(admin, 'login')

    await admin.goto(setupPath as string)
    await checkAccessibility(admin)
    // Bad input first: the form comes back with messages beside the fields and the text kept.
    await admin.getByLabel('Naam').fill('Anna Beheer')
    await admin.getByLabel('E-mailadres').fill('anna@voorbeeld.nl')
    await admin.getByLabel('Nieuw wachtwoord').fill('kort')
    await admin.getByLabel('Herhaal het wachtwoord').fill('kort')
    await admin.getByRole('button', { name: 'Beheerder aanmaken' }).click()
    await expect
      .poll(() => admin.locator('.field-error').first().textContent())
      .toContain('minstens 12 tekens')
    expect(await admin.getByLabel('Naam').inputValue()).toBe('Anna Beheer')
    await checkAccessibility(admin)
    await saveScreenshot(admin, 'setup-error')

    await admin.getByLabel('Nieuw wachtwoord').fill('fietsen langs de amstel 2026')
    await admin.getByLabel('Herhaal het wachtwoord').fill('fietsen langs de amstel 2026')
    await admin.getByRole('button', { name: 'Beheerder aanmaken' }).click()
    await admin.waitForURL(`${bt.baseUrl}/admin`)
    expect(await admin.locator('.flash').textContent()).toContain('beheerdersaccount is aangemaakt')
    await checkAccessibility(admin)
    await saveScreenshot(admin, 'admin')

    const invite = async (role: 'moderator' | 'member', email: string) => {
      await admin.goto('/admin/invitations')
      await admin.getByLabel('Rol').selectOption(role)
      await admin.getByLabel('E-mailadres (optioneel)').fill(email)
      await admin.getByRole('button', { name: 'Uitnodigingslink maken' }).click()
      await expect.poll(() => admin.locator('h1').textContent()).toBe('Uitnodiging gemaakt')
      return admin.getByLabel('Link').inputValue()
    }
    const moderatorLink = await invite('moderator', 'bram@voorbeeld.nl')
    await checkAccessibility(admin)
    await saveScreenshot(admin, 'invitation-created')
    const memberLink = await invite('member', 'chris@voorbeeld.nl')
    await admin.goto('/admin/invitations')
    expect(await admin.locator('tbody tr').count()).toBe(2)
    await checkAccessibility(admin)
    await saveScreenshot(admin, 'invitations')

    const accept = async (link: string, name: string, email: string, password: string) => {
      const context = await bt.newContext()
      const page = await context.newPage()
      await page.goto(link)
      await checkAccessibility(page)
      expect(await page.getByLabel('E-mailadres').inputValue()).toBe(email)
      await page.getByLabel('Naam').fill(name)
      await page.getByLabel('Nieuw wachtwoord').fill(password)
      await page.getByLabel('Herhaal het wachtwoord').fill(password)
      await page.getByRole('button', { name: 'Account aanmaken' }).click()
      await page.waitForURL(`${bt.baseUrl}/`)
      expect(await page.locator('.flash').textContent()).toContain('Welkom!')
      return page
    }
    const moderator = await accept(
      moderatorLink,
      'Bram Moderator',
      'bram@voorbeeld.nl',
      'zeven zeeën zeilen samen',
    )
    await saveScreenshot(moderator, 'invite-accepted')
    expect(await moderator.getByRole('link', { name: 'Beheer' }).count()).toBe(1)
    const member = await accept(memberLink, 'Chris Lid', 'chris@voorbeeld.nl', 'koffie bij de regiodeal')
    expect(await member.getByRole('link', { name: 'Beheer' }).count()).toBe(0)

    // The used invitation now shows a clear page instead of a form.
    const again = await (await bt.newContext()).newPage()
    const response = await again.goto(memberLink)
    expect(response?.status()).toBe(410)
    expect(await again.locator('h1').textContent()).toBe('Deze link werkt niet (meer)')
    await checkAccessibility(again)

    // The member's account page, then logout.
    await member.goto('/account')
    await checkAccessibility(member)
    await saveScreenshot(member, 'account')
    await member.getByRole('button', { name: 'Uitloggen' }).first().click()
    await member.waitForURL(/\/login/)
    await member.goto('/account')
    expect(new URL(member.url()).pathname).toBe('/login')

    // Logging back in with the password chosen above works, and a wrong one keeps the email.
    await member.getByLabel('E-mailadres').fill('chris@voorbeeld.nl')
    await member.getByLabel('Wachtwoord').fill('niet het goede wachtwoord')
    await member.getByRole('button', { name: 'Inloggen' }).click()
    await expect.poll(() => member.locator('.form-errors').textContent()).toContain('klopt niet')
    expect(await member.getByLabel('E-mailadres').inputValue()).toBe('chris@voorbeeld.nl')
    await checkAccessibility(member)
    await member.getByLabel('Wachtwoord').fill('koffie bij de regiodeal')
    await member.getByRole('button', { name: 'Inloggen' }).click()
    await member.waitForURL(`${bt.baseUrl}/account`)

    // The admin's remaining pages pass axe too.
    for (const [path, name] of [
      ['/admin/members', 'admin-members'],
      ['/admin/settings', 'admin-settings'],
      ['/admin/audit', 'admin-audit'],
      ['/admin/registrations', 'admin-registrations'],
    ] as const) {
      await admin.goto(path)
      await checkAccessibility(admin)
      await saveScreenshot(admin, name)
    }
    await admin.goto('/admin/members')
    expect(await admin.locator('tbody tr').count()).toBe(3)

    // On a 360 px phone no page scrolls sideways (WCAG 1.4.10); wide tables scroll inside themselves.
    const phone = await bt.browser.newContext({
      baseURL: bt.baseUrl,
      viewport: { width: 360, height: 740 },
      storageState: await adminContext.storageState(),
    })
    const small = await phone.newPage()
    for (const path of ['/admin/members', '/admin/invitations', '/admin/audit', '/account']) {
      await small.goto(path)
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
    await saveScreenshot(small, 'account-phone')
    await phone.close()
  })

  it('registration, reset and every account page pass axe in Dutch and in English', {
    timeout: 90_000,
  }, async () => {
    await updateSiteSettings(bt.app.db, { registration: 'approval' })
    const admin = await createTestMember(bt.app, { role: 'admin', name: 'Ada Admin' })
    const member = await createTestMember(bt.app, { name: 'Eline Engels' })
    const person = await createPage(bt.app.db, {
      title: 'Eline Engels',
      kind: 'person',
      body: 'Programmamanager bij de provincie.',
      fields: emptyFields,
      summary: null,
      authorId: admin.id,
    })
    if (!person.ok) throw new Error('person page')
    const personPage = await findPageById(bt.app.db, person.id)
    if (!personPage) throw new Error('person page')
    await linkPersonPage(bt.app.db, personPage, member.id)
    const resetToken = await createOneTimeToken(bt.app.db, {
      purpose: 'password_reset',
      memberId: member.id,
      createdBy: admin.id,
      lifetimeMs: 48 * 60 * 60 * 1000,
    })
    const invitation = await createInvitation(bt.app.db, {
      role: 'member',
      email: null,
      createdBy: admin.id,
      expiresInDays: 14,
    })

    // A visitor: the application form and the reset link, first in Dutch, with and without errors.
    const visitor = await (await bt.newContext()).newPage()
    await visitor.goto('/register')
    expect(await visitor.locator('h1').textContent()).toBe('Aanmelden')
    await checkAccessibility(visitor)
    await saveScreenshot(visitor, 'register')
    await visitor.getByLabel('Naam').fill('Nieuwe Aanmelder')
    await visitor.getByLabel('E-mailadres').fill('aanmelder@voorbeeld.nl')
    await visitor.getByLabel('Nieuw wachtwoord').fill('kort')
    await visitor.getByLabel('Herhaal het wachtwoord').fill('kort')
    await visitor.getByRole('button', { name: 'Aanmelding versturen' }).click()
    await expect
      .poll(() => visitor.locator('.field-error').first().textContent())
      .toContain('minstens 12 tekens')
    await checkAccessibility(visitor)

    await visitor.goto(`/reset/${resetToken}`)
    expect(await visitor.locator('h1').textContent()).toBe('Nieuw wachtwoord instellen')
    await checkAccessibility(visitor)
    await saveScreenshot(visitor, 'reset')
    await visitor.getByLabel('Nieuw wachtwoord').fill('een nieuw lang wachtwoord')
    await visitor.getByLabel('Herhaal het wachtwoord').fill('een ander lang wachtwoord')
    await visitor.getByRole('button', { name: 'Wachtwoord instellen' }).click()
    await expect.poll(() => visitor.locator('.field-error').first().textContent()).toContain('niet gelijk')
    await checkAccessibility(visitor)

    // The same pages in English, through the language switch.
    await visitor.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => visitor.getAttribute('html', 'lang')).toBe('en')
    const english = async (path: string, heading: string, screenshot?: string) => {
      await visitor.goto(path)
      expect(await visitor.getAttribute('html', 'lang'), path).toBe('en')
      expect(await visitor.locator('h1').textContent(), path).toBe(heading)
      await checkAccessibility(visitor)
      if (screenshot) await saveScreenshot(visitor, screenshot)
    }
    await english('/login', 'Log in')
    await english('/register', 'Apply', 'register-en')
    await english(`/reset/${resetToken}`, 'Set a new password', 'reset-en')
    await english(`/invite/${invitation.token}`, 'Accept invitation')
    await english('/reset/no-such-token', 'This link does not work (any more)')

    // A member who reads English: the account page with their person page, and the Markdown download.
    const account = await logInAs(bt, member, 'en-GB')
    await account.goto('/account')
    expect(await account.getAttribute('html', 'lang')).toBe('en')
    expect(await account.getByRole('link', { name: 'Eline Engels' }).getAttribute('href')).toBe(
      '/wiki/eline-engels',
    )
    await checkAccessibility(account)
    await saveScreenshot(account, 'account-en')
    const download = await downloadFrom(account, 'What I wrote (Markdown)')
    expect(download).toMatch(/^leerplein-my-texts-\d{4}-\d{2}-\d{2}\.md$/)

    // The administrator's account pages in English.
    const adminPage = await logInAs(bt, admin, 'en-GB')
    for (const path of [
      '/account',
      '/admin',
      '/admin/members',
      '/admin/invitations',
      '/admin/settings',
      '/admin/audit',
      '/admin/registrations',
    ]) {
      await adminPage.goto(path)
      expect(await adminPage.getAttribute('html', 'lang'), path).toBe('en')
      await checkAccessibility(adminPage)
    }
    await saveScreenshot(adminPage, 'admin-registrations-en')
  })
})

async function downloadFrom(page: Page, linkName: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ])
  return download.suggestedFilename()
}
