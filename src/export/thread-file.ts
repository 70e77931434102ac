// A forum thread as one markdown file: the thread's facts in the front matter, then every post under
// a heading, in order. Above each heading a comment line holds the post's facts for an import;
// rendered markdown hides it, and a post's own text is never touched except to keep that line unique.
import type { Selectable } from 'kysely'
import type { Post, Thread } from '../db/schema.js'
import { type ReadRecord, readFields, recordFromObject, type Values } from './field-reader.js'
import { type MarkdownFile, writeMarkdownFile } from './markdown-file.js'
import type { MemberRefWriter } from './member-refs.js'
import type { Problems } from './problems.js'

export type ThreadRow = Selectable<Thread>
export type PostRow = Selectable<Post>

const marker = /^<!-- post (\{.*\}) -->$/
// A line of a post that looks like a marker gets one more backslash in front; reading takes it off.
const markerLike = /^\\*<!-- post /

function escapeBody(body: string): string {
  return body
    .split('\n')
    .map((line) => (markerLike.test(line) ? `\\${line}` : line))
    .join('\n')
}

function unescapeLine(line: string): string {
  return markerLike.test(line) && line.startsWith('\\') ? line.slice(1) : line
}

function nameOf(ref: string | null): string {
  if (ref === null) return '(no author)'
  return ref.replace(/\s*<[^<>]*>\s*$/, '') || ref
}

function postSection(post: PostRow, members: MemberRefWriter, noHistory: boolean): string {
  const author = members.ref(post.author_id)
  const facts: Record<string, unknown> = { number: post.number, id: post.id }
  if (author !== null) facts.author = author
  facts.created_at = post.created_at
  if (post.edited_at !== null) facts.edited_at = post.edited_at
  if (post.deleted_at !== null) facts.deleted_at = post.deleted_at
  if (post.hidden !== 0) facts.hidden = true
  if (post.revision !== 1) facts.revision = post.revision
  if (noHistory) facts.no_history = true
  const states = [
    post.edited_at ? 'edited' : '',
    post.hidden ? 'hidden by a moderator' : '',
    post.deleted_at ? 'removed by the author' : '',
  ].filter(Boolean)
  const when = `${post.created_at.slice(0, 16).replace('T', ' ')} UTC`
  const heading = `### ${post.number}. ${nameOf(author)} · ${when}${states.map((s) => ` · ${s}`).join('')}`
  return `<!-- post ${JSON.stringify(facts)} -->\n${heading}\n\n${escapeBody(post.body)}`
}

export function writeThreadFile(
  thread: ThreadRow,
  posts: PostRow[],
  categorySlug: string,
  members: MemberRefWriter,
  /** Posts without any stored revision (see isPlainFirstRevision in export-forum.ts). */
  withoutHistory: Set<number>,
): string {
  const data: Record<string, unknown> = {
    id: thread.id,
    title: thread.title,
    category: categorySlug,
    kind: thread.kind,
  }
  if (thread.author_id !== null) data.author = members.ref(thread.author_id)
  data.created_at = thread.created_at
  data.last_activity_at = thread.last_activity_at
  data.reply_count = thread.reply_count
  data.pinned = thread.pinned !== 0
  data.locked = thread.locked !== 0
  data.hidden = thread.hidden !== 0
  const accepted = posts.find((p) => p.id === thread.accepted_post_id)
  if (accepted) data.accepted_answer = accepted.number
  const body = [
    `# ${thread.title}`,
    ...posts.map((post) => postSection(post, members, withoutHistory.has(post.id))),
  ].join('\n\n')
  return writeMarkdownFile(data, body)
}

const threadSpec = {
  id: 'int',
  title: 'text',
  category: 'text',
  kind: ['question', 'discussion'],
  author: 'text?',
  created_at: 'time',
  last_activity_at: 'time',
  reply_count: 'int',
  pinned: 'bool',
  locked: 'bool',
  hidden: 'bool',
  accepted_answer: 'int?',
} as const

const postSpec = {
  number: 'int',
  id: 'int',
  author: 'text?',
  created_at: 'time',
  edited_at: 'time?',
  deleted_at: 'time?',
  hidden: 'bool',
  revision: 'int?',
  no_history: 'bool',
} as const

export interface ParsedPost {
  facts: ReadRecord<Values<typeof postSpec>>
  body: string
}

export interface ParsedThread {
  facts: ReadRecord<Values<typeof threadSpec>>
  posts: ParsedPost[]
}

export function readThreadFile(file: MarkdownFile, problems: Problems): ParsedThread | null {
  const before = problems.count
  const name = file.record.file
  const facts = readFields(file.record, threadSpec, problems)
  const lines = file.body.split('\n')
  const starts = lines.flatMap((line, index) => (marker.test(line) ? [index] : []))
  if (starts.length === 0)
    problems.add(name, file.bodyLine, 'no posts: each post starts with "<!-- post {…} -->"')
  const posts: ParsedPost[] = []
  for (const [n, start] of starts.entries()) {
    const lineNumber = file.bodyLine + start
    const end = starts[n + 1] ?? lines.length
    let json: unknown
    try {
      json = JSON.parse(marker.exec(lines[start] as string)?.[1] ?? '')
    } catch (error) {
      problems.add(name, lineNumber, `the post's facts are not valid JSON: ${(error as Error).message}`)
      continue
    }
    const record = recordFromObject(name, lineNumber, json, problems)
    const postFacts = record ? readFields(record, postSpec, problems) : null
    if (!lines[start + 1]?.startsWith('### ') || lines[start + 2] !== '') {
      problems.add(name, lineNumber + 1, 'expected the post heading ("### …") and a blank line after it')
      continue
    }
    // Sections are joined by a blank line, which is not part of the post before it.
    const text = lines.slice(start + 3, end)
    if (n + 1 < starts.length) text.pop()
    if (postFacts) posts.push({ facts: postFacts, body: text.map(unescapeLine).join('\n') })
  }
  if (!facts || problems.count > before) return null
  return { facts, posts }
}
