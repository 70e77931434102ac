// A session as one markdown file: YAML front matter with the facts, then the report, one
// "## Break-out: …" section per room and a "## Ideeën voor vervolgsessies" list. Moderators can write a
// report in any editor, and a report leaves Leerplein intact.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import { amsterdamLocalToUtc, utcToAmsterdamLocal } from '../i18n/dates.js'
import type { MessageKey } from '../i18n/translate.js'
import type { SessionFormat, SessionInput, SessionStatus, TagRelation } from './queries.js'

export interface SessionDocument {
  session: SessionInput & { status: SessionStatus }
  breakouts: { title: string; participants: string[]; notes: string }[]
  ideas: { title: string; description: string }[]
}

export interface FormatError {
  line: number
  key: MessageKey
  params: Record<string, string | number>
}

const keys = [
  'title',
  'series',
  'number',
  'start',
  'end',
  'format',
  'location',
  'moderators',
  'speakers',
  'participants',
  'themes',
  'status',
  'summary',
] as const
const listKeys: Record<string, TagRelation> = {
  moderators: 'moderator',
  speakers: 'speaker',
  participants: 'participant',
  themes: 'theme',
}
const formats: SessionFormat[] = ['online', 'in-person', 'hybrid']
const statuses: SessionStatus[] = ['planned', 'draft', 'published']
const breakoutHeading = /^##\s+break-?out:\s*(.+?)\s*$/i
const ideasHeading = /^##\s+(ideeën voor vervolgsessies|ideeen voor vervolgsessies|follow-up ideas)\s*$/i
const participantsLine = /^(participants|deelnemers):\s*(.*)$/i
// An idea's description continues on lines indented under its list item, as in markdown, so it
// can hold line breaks, paragraphs and lists of its own. Only a list item at the left margin (or
// one space in) starts the next idea; a more indented one belongs to the description.
const ideaItem = /^ ?[-*+]\s+/
const anyListItem = /^\s*[-*+]\s+/
const continuationIndent = /^(?: {1,2}|\t)/

function toLocal(iso: string): string {
  return utcToAmsterdamLocal(iso).replace('T', ' ')
}

/** Writes a session in the import format; importing the result gives the same session back. */
export function exportSession(doc: SessionDocument): string {
  const s = doc.session
  const yamlString = (value: string) => JSON.stringify(value)
  const list = (items: string[]) => `[${items.map(yamlString).join(', ')}]`
  const lines = [
    '---',
    `title: ${yamlString(s.title)}`,
    ...(s.series ? [`series: ${yamlString(s.series)}`] : []),
    ...(s.number !== null ? [`number: ${s.number}`] : []),
    `start: ${toLocal(s.startsAt)}`,
    `end: ${toLocal(s.endsAt)}`,
    `format: ${s.format}`,
    ...(s.location ? [`location: ${yamlString(s.location)}`] : []),
    `moderators: ${list(s.tags.moderator)}`,
    `speakers: ${list(s.tags.speaker)}`,
    `participants: ${list(s.tags.participant)}`,
    `themes: ${list(s.tags.theme)}`,
    `status: ${s.status}`,
    ...(s.summary ? [`summary: ${yamlString(s.summary)}`] : []),
    '---',
    '',
    s.report.trim(),
  ]
  for (const b of doc.breakouts) {
    lines.push('', `## Break-out: ${b.title}`, '')
    if (b.participants.length > 0) lines.push(`Participants: ${b.participants.join(', ')}`, '')
    if (b.notes.trim()) lines.push(b.notes.trim())
  }
  if (doc.ideas.length > 0) {
    lines.push('', '## Ideeën voor vervolgsessies', '')
    for (const idea of doc.ideas) {
      const [first, ...rest] = idea.description.trim().split('\n')
      if (!first) lines.push(`- ${idea.title}`)
      else lines.push(`- **${idea.title}**: ${first}`, ...rest.map((l) => (l.trim() ? `  ${l}` : '')))
    }
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}

/** Reads the format; every problem comes back with its line number, and then nothing is returned to save. */
export function parseSessionDocument(text: string): {
  document: SessionDocument | null
  errors: FormatError[]
} {
  const errors: FormatError[] = []
  const fail = (line: number, key: MessageKey, params: Record<string, string | number> = {}) =>
    errors.push({ line, key, params: { line, ...params } })
  const source = text.replace(/\r\n?/g, '\n')
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(source)
  if (!match) {
    fail(1, 'import.noFrontMatter')
    return { document: null, errors }
  }
  const frontMatter = match[1] as string
  const bodyStartLine = frontMatter.split('\n').length + 3
  const lineCounter = new LineCounter()
  const yamlDoc = parseDocument(frontMatter, { lineCounter, schema: 'core' })
  for (const error of yamlDoc.errors) {
    fail((error.linePos?.[0].line ?? 1) + 1, 'import.yamlError', {
      detail: error.message.split('\n')[0] ?? '',
    })
  }
  if (errors.length > 0) return { document: null, errors }
  const root = yamlDoc.contents
  if (!isMap(root)) {
    fail(2, 'import.noFrontMatter')
    return { document: null, errors }
  }
  const values = new Map<string, { value: unknown; line: number }>()
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const line = isScalar(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line + 1 : 2
    if (!(keys as readonly string[]).includes(key)) fail(line, 'import.unknownKey', { key })
    else values.set(key, { value: (pair.value as { toJSON?: () => unknown })?.toJSON?.() ?? null, line })
  }
  const text_ = (key: string) => {
    const v = values.get(key)?.value
    return v === null || v === undefined ? '' : String(v).trim()
  }
  const lineOf = (key: string) => values.get(key)?.line ?? 2
  const title = text_('title')
  if (title.length < 3 || title.length > 150) fail(lineOf('title'), 'import.missingTitle')
  const date = (key: 'start' | 'end') => {
    const raw = text_(key)
    const utc = amsterdamLocalToUtc(raw.replace(' ', 'T').slice(0, 16))
    if (!raw || !utc || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/.test(raw)) {
      fail(lineOf(key), 'import.badDate', { key, value: raw })
      return null
    }
    return utc
  }
  const startsAt = date('start')
  const endsAt = values.has('end') ? date('end') : startsAt
  if (startsAt && endsAt && endsAt < startsAt) fail(lineOf('end'), 'import.endBeforeStart')
  const format = formats.find((f) => f === (text_('format') || 'online'))
  if (!format) fail(lineOf('format'), 'import.badValue', { key: 'format', value: text_('format') })
  const status = statuses.find((s) => s === (text_('status') || 'draft'))
  if (!status) fail(lineOf('status'), 'import.badValue', { key: 'status', value: text_('status') })
  const numberRaw = text_('number')
  const number = numberRaw ? Number(numberRaw) : null
  if (number !== null && !(Number.isInteger(number) && number > 0))
    fail(lineOf('number'), 'import.badValue', { key: 'number', value: numberRaw })
  const tags = { moderator: [], speaker: [], participant: [], theme: [] } as Record<TagRelation, string[]>
  for (const [key, relation] of Object.entries(listKeys)) {
    const v = values.get(key)?.value
    if (v === undefined || v === null) continue
    if (!Array.isArray(v)) fail(lineOf(key), 'import.notAList', { key })
    else tags[relation] = v.map((item) => String(item).trim()).filter(Boolean)
  }

  // The body: the report, then break-out sections and the ideas section.
  const bodyLines = source.slice(match[0].length).split('\n')
  const report: string[] = []
  const breakouts: SessionDocument['breakouts'] = []
  const ideas: SessionDocument['ideas'] = []
  let section: 'report' | 'breakout' | 'ideas' = 'report'
  let blankInIdea = false
  for (const [index, line] of bodyLines.entries()) {
    const lineNumber = bodyStartLine + index
    const breakout = breakoutHeading.exec(line)
    if (breakout) {
      section = 'breakout'
      breakouts.push({ title: (breakout[1] as string).slice(0, 150), participants: [], notes: '' })
      continue
    }
    if (ideasHeading.test(line)) {
      section = 'ideas'
      continue
    }
    if (section === 'report') report.push(line)
    else if (section === 'breakout') {
      const current = breakouts.at(-1) as SessionDocument['breakouts'][number]
      const people = participantsLine.exec(line)
      if (people && current.notes.trim() === '' && current.participants.length === 0) {
        current.participants = (people[2] as string)
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      } else current.notes += `${line}\n`
    } else if (ideaItem.test(line) || (ideas.length === 0 && anyListItem.test(line))) {
      blankInIdea = false
      const item = line.replace(anyListItem, '').trim()
      const withTitle = /^\*\*(.+?)\*\*\s*:?\s*(.*)$/.exec(item)
      const idea = withTitle
        ? { title: (withTitle[1] as string).trim(), description: (withTitle[2] as string).trim() }
        : { title: item, description: '' }
      if (idea.title.length < 3 || idea.title.length > 150) fail(lineNumber, 'import.badIdea')
      else ideas.push(idea)
    } else if (line.trim() === '') {
      blankInIdea = ideas.length > 0
    } else if (ideas.length > 0) {
      const last = ideas.at(-1) as { description: string }
      const text = line.replace(continuationIndent, '')
      last.description = last.description ? `${last.description}${blankInIdea ? '\n\n' : '\n'}${text}` : text
      blankInIdea = false
    } else fail(lineNumber, 'import.badIdea')
  }
  if (errors.length > 0 || !startsAt || !endsAt || !format || !status) return { document: null, errors }
  return {
    errors,
    document: {
      session: {
        title,
        series: text_('series') || null,
        number,
        startsAt,
        endsAt,
        format,
        location: text_('location'),
        summary: text_('summary'),
        report: report.join('\n').trim(),
        tags,
        status,
      },
      breakouts: breakouts.map((b) => ({ ...b, notes: b.notes.trim() })),
      ideas: ideas.map((i) => ({ ...i, description: i.description.trim() })),
    },
  }
}
