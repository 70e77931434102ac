// A small cookie-keeping client over app.inject, so HTTP tests read like a person using the site:
// open a page, fill in its form (with the form token the page gave), follow the redirect.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export type Form = Record<string, string | string[]>

export class TestClient {
  readonly cookies = new Map<string, string>()
  lastToken: string | null = null

  constructor(
    private readonly app: FastifyInstance,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as {
      name: string
      value: string
      maxAge?: number
      expires?: Date
    }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now())
      if (expired || cookie.value === '') this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)
    if (token?.[1]) this.lastToken = token[1]
    return response
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { ...this.defaultHeaders, cookie: this.cookieHeader(), ...headers },
      }),
    )
  }

  /**
   * Posts a form. The form token comes from `from` (a page opened first, as a browser would) unless
   * the form already has one; pass `_csrf: ''` to send none.
   */
  async post(
    url: string,
    form: Form = {},
    options: { from?: string; headers?: Record<string, string> } = {},
  ) {
    const body = new URLSearchParams()
    if (!('_csrf' in form)) {
      await this.get(options.from ?? '/privacy')
      body.append('_csrf', this.lastToken ?? '')
    }
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v)
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          ...this.defaultHeaders,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader(),
          ...options.headers,
        },
      }),
    )
  }
}
