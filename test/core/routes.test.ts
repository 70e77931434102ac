import { updateSiteSettings } from '../../src/settings/queries.js'
import { describe, expect, test } from '../helpers/app.js'

describe('home page', () => {
  test('is Dutch by default, with skip link, navigation and a distinct title', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const response = await client.get('/')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toContain('<html lang="nl">')
    expect(response.body).toContain('<a class="skip-link" href="#main">Naar de inhoud</a>')
    expect(response.body).toContain('<main id="main"')
    expect(response.body).toMatch(/<nav class="main-nav" aria-label="Hoofdmenu">/)
    for (const label of ['Start', 'Vragen', 'Sessies', 'Wiki', 'Zoeken', 'Inloggen']) {
      expect(response.body).toContain(`>${label}</a>`)
    }
    // The header's search box, labelled for screen readers.
    expect(response.body).toContain(
      '<form class="header-search" method="get" action="/search" role="search">',
    )
    expect(response.body).toContain(
      '<label class="visually-hidden" for="header-q">Zoeken op Leerplein</label>',
    )
    expect(response.body).toContain('<a href="/" aria-current="page">Start</a>')
    expect(response.body).toContain('<title>Startpagina · Leerplein</title>')
    expect(response.body).toContain('href="/toegankelijkheid"')
    expect(response.body).toContain('href="/privacy"')
  })

  test('follows Accept-Language when nothing else decides', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const response = await client.get('/', { 'accept-language': 'en-GB,en;q=0.8' })
    expect(response.body).toContain('<html lang="en">')
    expect(response.body).toContain('>Home</a>')
    expect(response.body).toContain('Skip to content')
  })

  test('the language switch sets a cookie that wins over the browser language', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public' })
    const switched = await client.post('/language', { locale: 'en', next: '/privacy' }, { from: '/' })
    expect(switched.statusCode).toBe(303)
    expect(switched.headers.location).toBe('/privacy')
    const page = await client.get('/privacy', { 'accept-language': 'nl' })
    expect(page.body).toContain('<html lang="en">')
    expect(page.body).toContain('<title>Privacy statement · Leerplein</title>')
    expect(page.body).toContain('The language has been changed.')
    const back = await client.post('/language', { locale: 'nl', next: '/' })
    expect(back.statusCode).toBe(303)
    expect((await client.get('/')).body).toContain('<html lang="nl">')
  })

  test('the language switch refuses to redirect off the site', async ({ client }) => {
    for (const next of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await client.post('/language', { locale: 'en', next })
      expect(response.headers.location).toBe('/')
    }
  })

  test('the site default language applies when the browser names none we have', async ({ app, client }) => {
    await updateSiteSettings(app.db, { visibility: 'public', defaultLocale: 'en' })
    expect((await client.get('/', { 'accept-language': 'de' })).body).toContain('<html lang="en">')
  })
})

describe('statement pages', () => {
  test('accessibility and privacy exist in both languages for every visitor', async ({ client }) => {
    const nl = await client.get('/toegankelijkheid')
    expect(nl.statusCode).toBe(200)
    expect(nl.body).toContain('<title>Toegankelijkheidsverklaring · Leerplein</title>')
    expect(nl.body).toContain('WCAG')
    const en = await client.get('/privacy', { 'accept-language': 'en' })
    expect(en.body).toContain('<h1>Privacy statement</h1>')
  })
})

describe('health check', () => {
  test('answers ok when the database answers', async ({ client }) => {
    const response = await client.get('/healthz')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  test('answers 503 when the database does not', async ({ app, database, client }) => {
    await client.get('/healthz')
    database.sqlite.close()
    const response = await app.inject('/healthz')
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'unavailable' })
  })
})
