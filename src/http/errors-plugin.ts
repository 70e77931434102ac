// Every error becomes a page in the layout and the visitor's language. Internals (stack, SQL, paths)
// go to the log with the request id, never into a response.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { safeRedirectTarget } from '../core/safe-redirect.js'
import { DatabaseHealth, type WriteFailure, writeFailureOf } from '../db/health.js'
import { catalogues, type MessageKey, translator } from '../i18n/translate.js'
import { defaultSiteSettings } from '../settings/queries.js'
import { HttpError } from './http-error.js'

interface ErrorPage {
  status: number
  title: MessageKey
  text: MessageKey
  params?: Record<string, string | number>
  reference?: string
  /** Set when the database refused a write: the page then gives back what the person sent. */
  writeFailure?: WriteFailure
}

const writeFailureTexts: Record<WriteFailure, MessageKey> = {
  'read-only': 'error.writeFailed.readOnly',
  full: 'error.writeFailed.full',
  unwritable: 'error.writeFailed.unwritable',
  busy: 'error.writeFailed.busy',
}

/** Form fields that are machinery, not something a person typed; secrets are never echoed. */
const technicalField = /^(_csrf|submission_key|base_revision|action)$|password|token|secret/i
/** Fields that hold typed text even when it is a single word (a title, a name). */
const textFields = new Set([
  'title',
  'body',
  'notes',
  'description',
  'summary',
  'summary_line',
  'report',
  'participants',
  'display_name',
  'reason',
  'series',
  'location',
  'project_lead',
  'organisation',
  'person_role',
])

/** Where a field's label is found: the form's own label when the feature has one. */
const labelPrefixes = ['error.field.', 'wiki.field.', 'session.field.', 'forum.field.']

interface KeptField {
  name: string
  label: string
  value: string
}

/**
 * The text a person sent with a form whose save failed, to copy from the error page. One generic
 * mechanism for every form: choices (a category, a kind) are left out, text fields are kept.
 */
function keptFields(request: FastifyRequest): KeptField[] {
  const body = request.body
  if (request.method !== 'POST' || !body || typeof body !== 'object') return []
  const kept: KeptField[] = []
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (technicalField.test(name)) continue
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string')
    const value = values.join('\n')
    if (value.trim() === '' || (!textFields.has(name) && !/\s/.test(value.trim()))) continue
    const key = labelPrefixes.map((prefix) => `${prefix}${name}`).find((k) => k in catalogues.nl)
    const label = key ? request.t(key as MessageKey) : name
    kept.push({ name, label, value })
  }
  return kept
}

/** The form the person came from, when the browser says and it is on this site. */
function formAddress(request: FastifyRequest): string | null {
  const referer = request.headers.referer
  if (!referer) return null
  try {
    const url = new URL(referer)
    if (url.host !== new URL(`${url.protocol}//${request.host}`).host) return null
    const target = safeRedirectTarget(`${url.pathname}${url.search}`)
    return target === '/' ? null : target
  } catch {
    return null
  }
}

function describe(error: FastifyError | HttpError, request: FastifyRequest, bodyLimit: number): ErrorPage {
  const writeFailure = writeFailureOf(error)
  if (writeFailure) {
    return {
      status: 503,
      title: 'error.writeFailed.title',
      text: writeFailureTexts[writeFailure],
      reference: String(request.id),
      writeFailure,
    }
  }
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
  if (page.writeFailure === 'busy') reply.header('retry-after', 60)
  try {
    // A failure early in the request (before the language was chosen) still gets a page.
    request.t ??= translator('nl')
    request.site ??= defaultSiteSettings
    const t = request.t
    if (page.writeFailure) {
      return await reply.page('core/write-failed.eta', {
        title: page.title,
        message: t(page.text),
        kept: keptFields(request),
        back: formAddress(request),
        reference: page.reference ?? null,
      })
    }
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
    const health = new DatabaseHealth()
    app.decorate('databaseHealth', health)
    const bodyLimit = app.initialConfig.bodyLimit ?? 0
    const notFound: ErrorPage = { status: 404, title: 'error.notFound.title', text: 'error.notFound.text' }
    app.setNotFoundHandler(async (request, reply) => renderError(request, reply, notFound))
    app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
      const page = describe(error, request, bodyLimit)
      if (page.writeFailure) {
        health.recordFailure(page.writeFailure)
        request.log.error({ err: error, writeFailure: page.writeFailure }, 'database write failed')
      } else if (page.status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ status: page.status, reason: error.message }, 'request refused')
      return renderError(request, reply, page)
    })
  },
  { name: 'errors', dependencies: ['views'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the database takes writes; errors report failures, /healthz asks. */
    databaseHealth: DatabaseHealth
  }
}
