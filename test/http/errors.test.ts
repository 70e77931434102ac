import { Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../../src/config.js'
import { describe, expect, test } from '../helpers/app.js'
import { TestClient } from '../helpers/http-client.js'

describe('error pages', () => {
  test('an unknown address is a 404 page in the layout and the visitor language', async ({ client }) => {
    const nl = await client.get('/does-not-exist')
    expect(nl.statusCode).toBe(404)
    expect(nl.body).toContain('<title>Pagina niet gevonden · Leerplein</title>')
    expect(nl.body).toContain('Naar de inhoud')
    const en = await client.get('/does-not-exist', { 'accept-language': 'en' })
    expect(en.body).toContain('<h1>Page not found</h1>')
  })

  test('a route that throws yields the 500 page without internals, and the log has the details', async ({
    database,
  }) => {
    const lines: string[] = []
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp({ config: testConfig({ logLevel: 'info' }), database, logStream })
    app.get('/boom', { config: { access: 'always' } }, async () => {
      throw new Error('SQLITE_ERROR: no such table secret_table at /srv/leerplein/src/x.ts:12')
    })
    const response = await new TestClient(app).get('/boom')
    expect(response.statusCode).toBe(500)
    expect(response.body).toContain('<h1>Er ging iets mis</h1>')
    expect(response.body).not.toMatch(/SQLITE|secret_table|\/srv\/|x\.ts|at .*:\d+/)
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed')
    expect(logged.err.message).toContain('secret_table')
    expect(logged.reqId).toBeDefined()
    expect(response.body).toContain(`<code class="reference">${logged.reqId}</code>`)
    await app.close()
  })

  test('a body over the limit gets a clear 413 page', async ({ client }) => {
    const response = await client.post('/language', { locale: 'en', next: 'x'.repeat(1_100_000) })
    expect(response.statusCode).toBe(413)
    expect(response.body).toContain('<h1>Te veel tekst</h1>')
    expect(response.body).toContain('1024 kB')
  })
})

describe('security headers and markup', () => {
  test('every page carries a strict CSP and the other protective headers', async ({ client }) => {
    const response = await client.get('/privacy')
    const csp = response.headers['content-security-policy'] as string
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin')
    // Headers for browsers and plug-ins long gone are not sent (src/http/security-plugin.ts).
    for (const legacy of [
      'x-xss-protection',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-dns-prefetch-control',
    ]) {
      expect(response.headers[legacy]).toBeUndefined()
    }
  })

  test('no page has an inline script or style attribute', async ({ client }) => {
    for (const url of ['/', '/privacy', '/toegankelijkheid', '/nope']) {
      const body = (await client.get(url)).body
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i)
      expect(body).not.toMatch(/\sstyle=/i)
      expect(body).not.toMatch(/\son[a-z]+=/i)
    }
  })

  test('static files are served under a content hash with a long cache life', async ({ app, client }) => {
    const url = app.assetUrl('style.css')
    expect(url).toMatch(/^\/static\/style\.[0-9a-f]{10}\.css$/)
    const page = await client.get('/privacy')
    expect(page.body).toContain(`href="${url}"`)
    const css = await client.get(url)
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toContain('text/css')
    expect(css.headers['cache-control']).toContain('immutable')
    const plain = await client.get('/static/style.css')
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['cache-control']).not.toContain('immutable')
    expect((await client.get('/static/../package.json')).statusCode).toBe(404)
    expect((await client.get('/static/nothing.0123456789.css')).statusCode).toBe(404)
  })
})

describe('forged requests', () => {
  test('a POST without a form token is refused with a 403 page and changes nothing', async ({ client }) => {
    const response = await client.post('/language', { _csrf: '', locale: 'en' })
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('<h1>Geen toegang</h1>')
    expect(response.body).toContain('Er is niets gewijzigd')
    expect(response.headers['set-cookie']?.toString() ?? '').not.toContain('lang=en')
  })

  test('a POST from another origin is refused even with a valid token', async ({ client }) => {
    const response = await client.post(
      '/language',
      { locale: 'en' },
      { headers: { origin: 'https://evil.example' } },
    )
    expect(response.statusCode).toBe(403)
    expect(response.headers['set-cookie']?.toString() ?? '').not.toContain('lang=en')
    const crossSite = await client.post(
      '/language',
      { locale: 'en' },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    )
    expect(crossSite.statusCode).toBe(403)
  })

  test('a POST from the same origin with its token passes', async ({ client }) => {
    const response = await client.post(
      '/language',
      { locale: 'en' },
      { headers: { origin: 'http://localhost:80' } },
    )
    expect(response.statusCode).toBe(303)
  })
})
