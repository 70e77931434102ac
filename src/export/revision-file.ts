// One earlier version of a text as markdown: who saved it when, the other fields it had then, and
// the text itself, so a history reads without Leerplein.
import type { Selectable } from 'kysely'
import type { Revision } from '../db/schema.js'
import { type ReadRecord, readFields, type Values } from './field-reader.js'
import { type MarkdownFile, writeMarkdownFile } from './markdown-file.js'
import type { MemberRefWriter } from './member-refs.js'
import type { Problems } from './problems.js'

export type RevisionRow = Selectable<Revision>

export function writeRevisionFile(revision: RevisionRow, members: MemberRefWriter): string {
  const data: Record<string, unknown> = { number: revision.number, title: revision.title }
  if (revision.author_id !== null) data.author = members.ref(revision.author_id)
  data.created_at = revision.created_at
  if (revision.summary !== null) data.summary = revision.summary
  const fields = JSON.parse(revision.fields) as Record<string, unknown>
  if (Object.keys(fields).length > 0) data.fields = fields
  return writeMarkdownFile(data, revision.body)
}

const revisionSpec = {
  number: 'int',
  title: 'text',
  author: 'text?',
  created_at: 'time',
  summary: 'text?',
  fields: 'object',
} as const

export interface ParsedRevision {
  facts: ReadRecord<Values<typeof revisionSpec>>
  body: string
}

export function readRevisionFile(file: MarkdownFile, problems: Problems): ParsedRevision | null {
  const facts = readFields(file.record, revisionSpec, problems)
  return facts ? { facts, body: file.body } : null
}
