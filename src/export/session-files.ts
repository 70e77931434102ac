// A theme session as two files: the markdown of the sessions import format (what `leerplein
// export-session` writes, so it imports on its own too) and a JSON file beside it with what that
// format does not hold: ids, status dates, votes, the session that took an idea up. When the markdown
// cannot hold a stored value exactly (seconds in a time, spaces around a summary), the JSON keeps the
// exact value, used only while the markdown is unchanged.
import { createHash } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { Breakout, Idea, IdeaVote, ThemeSession } from '../db/schema.js'
import { translator } from '../i18n/translate.js'
import { exportSession, parseSessionDocument, type SessionDocument } from '../sessions/markdown-format.js'
import { ideaStatuses, type TagRelation } from '../sessions/queries.js'
import { type ReadRecord, readFields, recordFromObject, type Values } from './field-reader.js'
import type { MemberRefWriter } from './member-refs.js'
import type { Problems } from './problems.js'

export type SessionRow = Selectable<ThemeSession>
export type BreakoutRow = Selectable<Breakout>
export type IdeaRow = Selectable<Idea>
export type VoteRow = Selectable<IdeaVote>

/** A session's content as stored: what the markdown file carries. */
export interface SessionContent {
  title: string
  series: string | null
  number: number | null
  starts_at: string
  ends_at: string
  format: SessionRow['format']
  location: string
  status: SessionRow['status']
  summary: string
  report: string
  tags: Record<TagRelation, string[]>
  breakouts: { title: string; participants: string; notes: string }[]
  ideas: { title: string; description: string }[]
}

const contentKeys = [
  'title',
  'series',
  'number',
  'starts_at',
  'ends_at',
  'format',
  'location',
  'status',
  'summary',
  'report',
  'tags',
  'breakouts',
  'ideas',
] as const

function toDocument(c: SessionContent): SessionDocument {
  return {
    session: {
      title: c.title,
      series: c.series,
      number: c.number,
      startsAt: c.starts_at,
      endsAt: c.ends_at,
      format: c.format,
      location: c.location,
      summary: c.summary,
      report: c.report,
      tags: c.tags,
      status: c.status,
    },
    breakouts: c.breakouts.map((b) => ({
      title: b.title,
      participants: b.participants.split('\n').filter(Boolean),
      notes: b.notes,
    })),
    ideas: c.ideas,
  }
}

function fromDocument(doc: SessionDocument): SessionContent {
  const s = doc.session
  return {
    title: s.title,
    series: s.series,
    number: s.number,
    starts_at: s.startsAt,
    ends_at: s.endsAt,
    format: s.format,
    location: s.location,
    status: s.status,
    summary: s.summary,
    report: s.report,
    tags: s.tags,
    breakouts: doc.breakouts.map((b) => ({
      title: b.title,
      participants: b.participants.join('\n'),
      notes: b.notes,
    })),
    ideas: doc.ideas.map((i) => ({ title: i.title, description: i.description })),
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export interface SessionExportInput {
  session: SessionRow
  tags: Record<TagRelation, string[]>
  breakouts: BreakoutRow[]
  ideas: IdeaRow[]
  votes: Map<number, VoteRow[]>
  /** Slug of the session an idea was taken up by. */
  sessionSlug: (id: number | null) => string | null
}

export function writeSessionFiles(input: SessionExportInput, members: MemberRefWriter) {
  const { session } = input
  const stored: SessionContent = {
    title: session.title,
    series: session.series,
    number: session.number,
    starts_at: session.starts_at,
    ends_at: session.ends_at,
    format: session.format,
    location: session.location,
    status: session.status,
    summary: session.summary,
    report: session.report,
    tags: input.tags,
    breakouts: input.breakouts.map((b) => ({ title: b.title, participants: b.participants, notes: b.notes })),
    ideas: input.ideas.map((i) => ({ title: i.title, description: i.description })),
  }
  const markdown = exportSession(toDocument(stored))
  const parsed = parseSessionDocument(markdown).document
  const written = parsed ? fromDocument(parsed) : null
  const exact: Partial<Record<(typeof contentKeys)[number], unknown>> = {}
  for (const key of contentKeys) {
    if (!written || JSON.stringify(written[key]) !== JSON.stringify(stored[key])) exact[key] = stored[key]
  }
  const facts = {
    id: session.id,
    slug: session.slug,
    revision: session.revision,
    created_at: session.created_at,
    created_by: members.ref(session.created_by),
    updated_at: session.updated_at,
    published_at: session.published_at,
    published_by: members.ref(session.published_by),
    breakouts: input.breakouts.map((b) => ({ id: b.id, position: b.position, revision: b.revision })),
    ideas: input.ideas.map((i) => ({
      id: i.id,
      status: i.status,
      taken_up_by: input.sessionSlug(i.taken_up_by),
      proposed_by: members.ref(i.proposed_by),
      created_at: i.created_at,
      revision: i.revision,
      vote_count: i.vote_count,
      votes: (input.votes.get(i.id) ?? []).map((v) => ({
        member: members.ref(v.member_id),
        created_at: v.created_at,
      })),
    })),
    ...(Object.keys(exact).length > 0 ? { markdown_sha256: sha256(markdown), exact_values: exact } : {}),
  }
  return { markdown, facts: `${JSON.stringify(facts, null, 2)}\n` }
}

const factsSpec = {
  id: 'int',
  slug: 'text',
  revision: 'int',
  created_at: 'time',
  created_by: 'text?',
  updated_at: 'time',
  published_at: 'time?',
  published_by: 'text?',
  breakouts: 'list',
  ideas: 'list',
  markdown_sha256: 'text?',
  exact_values: 'object',
} as const
const breakoutSpec = { id: 'int', position: 'int', revision: 'int' } as const
const ideaSpec = {
  id: 'int',
  status: ideaStatuses,
  taken_up_by: 'text?',
  proposed_by: 'text?',
  created_at: 'time',
  revision: 'int',
  vote_count: 'int',
  votes: 'list',
} as const
const voteSpec = { member: 'text', created_at: 'time' } as const
const contentSpec = {
  title: 'text',
  series: 'text?',
  number: 'int?',
  starts_at: 'time',
  ends_at: 'time',
  format: ['online', 'in-person', 'hybrid'],
  location: 'text',
  status: ['planned', 'draft', 'published'],
  summary: 'text',
  report: 'text',
  tags: 'object',
  breakouts: 'list',
  ideas: 'list',
} as const

export interface ParsedSession {
  content: SessionContent
  facts: ReadRecord<Values<typeof factsSpec>>
  breakouts: ReadRecord<Values<typeof breakoutSpec>>[]
  ideas: { facts: ReadRecord<Values<typeof ideaSpec>>; votes: ReadRecord<Values<typeof voteSpec>>[] }[]
}

/** The line of the first occurrence of `needle` in pretty-printed JSON, for messages. */
function lineOfText(text: string, needle: string): number {
  const at = text.indexOf(needle)
  return at < 0 ? 1 : text.slice(0, at).split('\n').length
}

function readList<S extends Parameters<typeof readFields>[1]>(
  file: string,
  text: string,
  items: unknown[],
  spec: S,
  problems: Problems,
) {
  return items.flatMap((item) => {
    const id = (item as { id?: unknown })?.id
    const line = lineOfText(text, typeof id === 'number' ? `"id": ${id},` : '')
    const record = recordFromObject(file, line, item, problems)
    const read = record ? readFields(record, spec, problems) : null
    return read ? [read] : []
  })
}

function checkContent(file: string, line: number, content: Record<string, unknown>, problems: Problems) {
  const record = recordFromObject(file, line, content, problems)
  if (!record || !readFields(record, contentSpec, problems)) return false
  const texts = (value: unknown, keys: string[]) =>
    typeof value === 'object' &&
    value !== null &&
    keys.every((k) => typeof (value as Record<string, unknown>)[k] === 'string')
  const tags = content.tags as Record<string, unknown>
  const ok =
    ['moderator', 'speaker', 'participant', 'theme'].every(
      (r) => Array.isArray(tags[r]) && (tags[r] as unknown[]).every((t) => typeof t === 'string'),
    ) &&
    (content.breakouts as unknown[]).every((b) => texts(b, ['title', 'participants', 'notes'])) &&
    (content.ideas as unknown[]).every((i) => texts(i, ['title', 'description']))
  if (!ok) problems.add(file, line, 'exact_values do not describe a session')
  return ok
}

export function readSessionFiles(
  files: { markdown: string; facts: string },
  markdownText: string,
  factsText: string,
  problems: Problems,
): ParsedSession | null {
  const before = problems.count
  let json: unknown
  try {
    json = JSON.parse(factsText)
  } catch (error) {
    problems.add(files.facts, 1, `not valid JSON: ${(error as Error).message}`)
    return null
  }
  const record = recordFromObject(files.facts, 1, json, problems)
  // Top-level keys come first in the file, so their first occurrence is their line.
  for (const [key, field] of record?.fields ?? []) field.line = lineOfText(factsText, `"${key}":`)
  const facts = record ? readFields(record, factsSpec, problems) : null
  if (!facts) return null
  const unchanged = facts.values.markdown_sha256 === sha256(markdownText)
  const exact = unchanged ? facts.values.exact_values : {}
  const parsed = parseSessionDocument(markdownText)
  let content: SessionContent | null = null
  if (parsed.document) content = { ...fromDocument(parsed.document), ...exact }
  else if (unchanged && contentKeys.every((key) => key in exact)) content = exact as unknown as SessionContent
  else {
    const t = translator('en')
    for (const error of parsed.errors) {
      problems.add(files.markdown, error.line, t(error.key, error.params).replace(/^line \d+: /, ''))
    }
    return null
  }
  const contentLine = facts.lineOf('exact_values')
  if (!checkContent(files.facts, contentLine, content as unknown as Record<string, unknown>, problems))
    return null
  const breakouts = readList(files.facts, factsText, facts.values.breakouts, breakoutSpec, problems)
  const ideas = readList(files.facts, factsText, facts.values.ideas, ideaSpec, problems).map((idea) => ({
    facts: idea,
    votes: idea.values.votes.flatMap((vote) => {
      const voteRecord = recordFromObject(files.facts, idea.line, vote, problems)
      const read = voteRecord ? readFields(voteRecord, voteSpec, problems) : null
      return read ? [read] : []
    }),
  }))
  if (breakouts.length !== content.breakouts.length) {
    problems.add(
      files.facts,
      facts.lineOf('breakouts'),
      `${breakouts.length} break-outs here but ${content.breakouts.length} in ${files.markdown}`,
    )
  }
  if (ideas.length !== content.ideas.length) {
    problems.add(
      files.facts,
      facts.lineOf('ideas'),
      `${ideas.length} ideas here but ${content.ideas.length} in ${files.markdown}`,
    )
  }
  if (problems.count > before) return null
  return { content, facts, breakouts, ideas }
}
