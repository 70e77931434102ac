// Every error becomes a page in the layout and the visitor's language. Internals (stack, SQL, paths)
// go to the log with the request id, never into a response.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type MessageKey, translator } from '../i18n/translate.js'
import { defaultSiteSettings } from '../settings/queries.js'
import { HttpError } from './http-error.js'

interface ErrorPage {
  status: number
  title: MessageKey
  text: MessageKey
  params?: Record<string, string | number>
  reference?: string
}

function describe(error: FastifyError | HttpError, request: FastifyRequest, bodyLimit: number): ErrorPage {
  const status = error.statusCode ?? 500
  if (status === 404) return { status, title: 'error.notFound.title', text: 'error.notFound.text' }
  if (status === 403) {
    const csrf =
      (error instanceof HttpError && error.details.csrf) ||
      ('code' in error && error.code?.startsWith('FST_CSRF'))
    return { status, title: 'error.forbidden.title', text: csrf ? 'error.csrf.text' : 'error.forbidden.text' }
  }
  if (status === 413) {
    return {
      status,
      title: 'error.tooLarge.title',
      text: 'error.tooLarge.text',
      params: { limit: `${Math.round(bodyLimit / 1024)} kB` },
    }
  }
  if (status === 429) {
    const ms = error instanceof HttpError ? (error.details.retryAfterMs ?? 60_000) : 60_000
    return {
      status,
      title: 'error.tooMany.title',
      text: 'error.tooMany.text',
      params: { minutes: Math.max(1, Math.ceil(ms / 60_000)) },
    }
  }
  if (status >= 400 && status < 500) {
    return { status, title: 'error.badRequest.title', text: 'error.badRequest.text' }
  }
  return {
    status: 500,
    title: 'error.server.title',
    text: 'error.server.text',
    reference: String(request.id),
  }
}

async function renderError(request: FastifyRequest, reply: FastifyReply, page: ErrorPage) {
  reply.code(page.status)
  if (page.status === 429 && page.params) reply.header('retry-after', Number(page.params.minutes) * 60)
  try {
    // A failure early in the request (before the language was chosen) still gets a page.
    request.t ??= translator('nl')
    request.site ??= defaultSiteSettings
    const t = request.t
    return await reply.page('core/error.eta', {
      title: page.title,
      message: t(page.text, page.params),
      reference: page.reference ?? null,
    })
  } catch (renderFailure) {
    request.log.error({ err: renderFailure }, 'error page could not be rendered')
    return reply.type('text/plain; charset=utf-8').send(`${page.status}`)
  }
}

export default fp(
  async (app) => {
    app.setNotFoundHandler(async (request, reply) =>
      renderError(
        request,
        reply,
        describe(new HttpError(404, 'not found'), request, app.initialConfig.bodyLimit ?? 0),
      ),
    )
    app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
      const page = describe(error, request, app.initialConfig.bodyLimit ?? 0)
      if (page.status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ status: page.status, reason: error.message }, 'request refused')
      return renderError(request, reply, page)
    })
  },
  { name: 'errors', dependencies: ['views'] },
)
