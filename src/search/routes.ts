// GET /search: the one box over everything, with filters by type, deal or theme, and period.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { hasRole } from '../http/access-plugin.js'
import { amsterdamLocalToUtc } from '../i18n/dates.js'
import type { MessageKey } from '../i18n/translate.js'
import { slugsOfPage } from '../text/links.js'
import { slugify } from '../text/slug.js'
import { findPageBySlug, suggestTitles } from '../wiki/queries.js'
import { browseLinked } from './browse.js'
import { hasTitles, type SearchType, searchTypes } from './doc-ids.js'
import { maxQueryLength } from './query.js'
import { RankData } from './rank-data.js'
import { type Continuation, fewerWords, type SearchFilters, search, spellingSuggestion } from './search.js'

interface SearchQuery {
  q?: string
  type?: string
  over?: string
  period?: string
  page?: string
  older?: string
}

/**
 * A continuation in the address: `thread:5123:7040,post:99870:99870`, per type where the window starts
 * and where the first one did (source ids).
 */
function continuationOf(text: string): Continuation | null {
  const entries = new Map<SearchType, { below: number; first: number }>()
  for (const part of text.split(',').slice(0, searchTypes.length)) {
    const [name, below, first = below, ...rest] = part.split(':')
    const type = searchTypes.find((t) => t === name)
    const ids = [below, first].map((id) => (/^\d{1,12}$/.test(id ?? '') ? Number(id) : 0))
    if (type && rest.length === 0 && ids.every((id) => id > 0))
      entries.set(type, { below: ids[0] as number, first: ids[1] as number })
  }
  return entries.size > 0 ? entries : null
}

function continuationText(continuation: Continuation): string {
  return [...continuation].map(([type, { below, first }]) => `${type}:${below}:${first}`).join(',')
}

/** The first year of the deal programmes the community follows; the period filter starts there. */
const firstYear = 2016
const dayMs = 24 * 60 * 60 * 1000

function periodBounds(period: string, now: Date): { from: string | null; until: string | null } | null {
  // "The past 30 days" ends now: a session planned for next month is not in it.
  const past = (days: number) => ({
    from: new Date(now.getTime() - days * dayMs).toISOString(),
    until: now.toISOString(),
  })
  if (period === '30d') return past(30)
  if (period === '12m') return past(365)
  const year = /^\d{4}$/.test(period) ? Number(period) : null
  if (year !== null && year >= firstYear && year <= now.getUTCFullYear()) {
    // A year as people here count it: from New Year's midnight in Dutch time.
    return {
      from: amsterdamLocalToUtc(`${year}-01-01T00:00`),
      until: amsterdamLocalToUtc(`${year + 1}-01-01T00:00`),
    }
  }
  return null
}

/** At most about `length` characters, cut between words ("…het tekenen…", not "…het tekenen va"). */
function shortened(text: string, length: number): string {
  if (text.length <= length) return text
  const cut = text.lastIndexOf(' ', length)
  return `${text.slice(0, cut > length / 2 ? cut : length).trimEnd()}…`
}

/**
 * Dates and titles of this many matches are kept (about 200 bytes each): more than the candidates of
 * a few hundred different searches of common words.
 */
const maxRankEntries = 20_000

function one(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export const searchRoutes: FastifyPluginAsync = async (app) => {
  const rankData = new RankData(maxRankEntries)
  app.get<{ Querystring: SearchQuery }>('/search', { config: { access: 'read' } }, async (request, reply) => {
    const q = one(request.query.q).slice(0, maxQueryLength)
    const type = searchTypes.find((t) => t === one(request.query.type)) ?? null
    const overInput = one(request.query.over).trim().slice(0, 200)
    const now = new Date()
    const periodInput = one(request.query.period)
    const period = periodBounds(periodInput, now)
    const page = Math.max(1, Math.min(1000, Number.parseInt(one(request.query.page), 10) || 1))
    const before = q.trim() ? continuationOf(one(request.query.older).slice(0, 200)) : null

    const over = overInput ? await findFilterPage(request, overInput) : null
    const filters: SearchFilters = {
      type,
      linkedTo: over ? over.slugs : null,
      from: period?.from ?? null,
      until: period?.until ?? null,
    }
    const viewer = { moderator: hasRole(request.member?.role, 'moderator') }
    // Without words but with a deal or theme: everything that mentions it, newest first.
    const browsing = !q.trim() && over !== null
    const outcome = q.trim()
      ? await search(app.db, q, filters, viewer, {
          page,
          before,
          ranks: { data: rankData, version: request.contentVersion },
        })
      : over
        ? await browseLinked(app.db, over.slugs, filters, viewer, page)
        : ({ status: 'empty' } as const)

    const params = {
      q,
      type: type ?? '',
      over: over?.title ?? overInput,
      period: period ? periodInput : '',
      older: before ? continuationText(before) : '',
    }
    const href = (changes: Partial<Record<keyof typeof params | 'page', string | number>>) => {
      const merged: Record<string, string | number> = { ...params, ...changes }
      const search = new URLSearchParams()
      for (const [key, value] of Object.entries(merged))
        if (value !== '' && value !== 1) search.set(key, String(value))
      return `/search?${search.toString()}`
    }
    // A deal or theme typed in part ("woond"): the pages it may mean, each a link that filters by it.
    const overSuggestions =
      overInput !== '' && over === null
        ? (await suggestTitles(app.db, overInput))
            .slice(0, 5)
            .map((p) => ({ title: p.title, href: href({ over: p.title, page: 1, older: '' }) }))
        : []
    // Nothing found: the search with a mistyped word put right, if that finds something.
    const spelled =
      q.trim() && !before && outcome.status === 'ok' && outcome.total === 0
        ? await spellingSuggestion(app.db, q, filters, viewer)
        : null
    const didYouMean = spelled && {
      href: href({ q: spelled.input, page: 1, older: '' }),
      search: spelled.input.trim(),
      count: spelled.capped ? `${spelled.total}+` : String(spelled.total),
    }
    // Nothing found with every word: searches with fewer of the words that do find something.
    const fewer =
      q.trim() && !before && outcome.status === 'ok' && outcome.total === 0
        ? (await fewerWords(app.db, q, filters, viewer)).map((f) => ({
            href: href({ q: f.input, page: 1, older: '' }),
            search: f.input.trim(),
            text: request.t('search.without', {
              words: f.without.map((word) => request.t('search.quotedWord', { word })).join(', '),
            }),
            // Summed over types, each counted up to the cap: more than the sum when any was capped.
            count: f.capped ? `${f.total}+` : String(f.total),
          }))
        : []
    const years: number[] = []
    for (let y = now.getUTCFullYear(); y >= firstYear; y -= 1) years.push(y)

    return reply.page('search/index.eta', {
      title: q.trim()
        ? { text: `${request.t('search.title')}: ${shortened(q.trim(), 60)}` }
        : browsing
          ? { text: `${request.t('search.title')}: ${over?.title ?? ''}` }
          : 'search.title',
      q,
      // The hint on how to search, on the bare page only: above results it pushes them down a phone.
      showHint: !q.trim(),
      params,
      outcome,
      overUnknown: overInput !== '' && over === null,
      overSuggestions,
      // Folded away once words are searched without a filter: on a phone the results then start on
      // the first screen instead of below three fields.
      filtersOpen: !q.trim() || type !== null || overInput !== '' || period !== null,
      // Filters chosen but nothing to search for or browse: the page says what is missing.
      filtered: !q.trim() && !browsing && (type !== null || period !== null),
      typeOptions: searchTypes.map((t) => ({ value: t, label: `search.type.${t}` as MessageKey })),
      periodOptions: [
        { value: '30d', label: request.t('search.period.30d') },
        { value: '12m', label: request.t('search.period.12m') },
        ...years.map((y) => ({ value: String(y), label: String(y) })),
      ],
      facets:
        outcome.status === 'ok'
          ? outcome.facets.map((f) => ({
              label: `search.type.${f.type}` as MessageKey,
              count: f.capped ? `${f.count}+` : String(f.count),
              href: href({ type: f.type, page: 1 }),
              current: f.type === type,
            }))
          : [],
      allTypesHref: href({ type: '', page: 1 }),
      fewer,
      didYouMean,
      totalText:
        outcome.status === 'ok'
          ? totalText(request, outcome, {
              browsing: browsing ? (over?.title ?? '') : undefined,
              before,
              repliesOnly: type !== null && !hasTitles(type),
            })
          : '',
      previousHref: outcome.status === 'ok' && outcome.page > 1 ? href({ page: outcome.page - 1 }) : null,
      nextHref:
        outcome.status === 'ok' && outcome.page < outcome.pageCount ? href({ page: outcome.page + 1 }) : null,
      // On the last page of a search that had more matches than it looked at: look on, further back.
      olderHref:
        outcome.status === 'ok' && outcome.older && outcome.page === outcome.pageCount
          ? href({ older: continuationText(outcome.older), page: 1 })
          : null,
      newestHref: before ? href({ older: '', page: 1 }) : null,
      pageText:
        outcome.status === 'ok'
          ? request.t('search.pageOf', { page: outcome.page, pages: outcome.pageCount })
          : '',
    })
  })
}

/** The results' heading: how many, and whether more were left out (or what is browsed, or how old). */
function totalText(
  request: FastifyRequest,
  outcome: { total: number; capped: boolean },
  {
    browsing,
    before,
    repliesOnly,
  }: { browsing: string | undefined; before: Continuation | null; repliesOnly: boolean },
): string {
  const { total: count, capped } = outcome
  if (browsing !== undefined) {
    return request.t(count === 1 ? 'search.mentionsOne' : 'search.mentions', { count, title: browsing })
  }
  if (before) {
    const key = capped
      ? 'search.olderCountCapped'
      : count === 1
        ? 'search.olderCountOne'
        : 'search.olderCount'
    return request.t(key, { count })
  }
  // Replies have no titles: a search of replies alone offers no older title matches.
  if (capped) return request.t(repliesOnly ? 'search.countCappedNewest' : 'search.countCapped', { count })
  return count === 1 ? request.t('search.countOne') : request.t('search.count', { count })
}

/** The deal or theme (any page) a filter names, by title or slug, with the slugs that reach it. */
async function findFilterPage(request: FastifyRequest, input: string) {
  const db = request.server.db
  const found = await findPageBySlug(db, slugify(input))
  if (!found) return null
  return { title: found.page.title, slugs: await slugsOfPage(db, found.page.id, found.page.slug) }
}
