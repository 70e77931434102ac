// A wiki page as markdown: its kind and the fields of that kind in the front matter, its text below.
import {
  dealStatuses,
  dealTypes,
  emptyFields,
  type PageFields,
  type PageRow,
  pageKinds,
} from '../wiki/fields.js'
import { type ReadRecord, readFields, type Values } from './field-reader.js'
import { type MarkdownFile, writeMarkdownFile } from './markdown-file.js'
import type { MemberRefWriter } from './member-refs.js'
import type { Problems } from './problems.js'

/** The fields a page of some kind records besides its text (src/wiki/fields.ts). */
const kindFields = Object.keys(emptyFields) as (keyof PageFields)[]

export function writePageFile(page: PageRow, members: MemberRefWriter): string {
  const data: Record<string, unknown> = { id: page.id, title: page.title, slug: page.slug, kind: page.kind }
  // Only the fields that hold something: a person page does not list a deal's empty fields.
  for (const field of kindFields) if (page[field] !== null) data[field] = page[field]
  data.protected = page.protected !== 0
  if (page.claimed_by !== null) data.claimed_by = members.ref(page.claimed_by)
  data.revision = page.revision
  data.created_at = page.created_at
  if (page.created_by !== null) data.created_by = members.ref(page.created_by)
  data.updated_at = page.updated_at
  if (page.updated_by !== null) data.updated_by = members.ref(page.updated_by)
  return writeMarkdownFile(data, page.body)
}

const pageSpec = {
  id: 'int',
  title: 'text',
  slug: 'text',
  kind: pageKinds,
  deal_type: [...dealTypes, null],
  deal_status: [...dealStatuses, null],
  signed_on: 'text?',
  ends_on: 'text?',
  partner_count: 'int?',
  project_lead: 'text?',
  person_role: 'text?',
  organisation: 'text?',
  summary: 'text?',
  protected: 'bool',
  claimed_by: 'text?',
  revision: 'int',
  created_at: 'time',
  created_by: 'text?',
  updated_at: 'time',
  updated_by: 'text?',
} as const

export interface ParsedPage {
  facts: ReadRecord<Values<typeof pageSpec>>
  body: string
}

export function readPageFile(file: MarkdownFile, problems: Problems): ParsedPage | null {
  const facts = readFields(file.record, pageSpec, problems)
  if (!facts) return null
  if (facts.values.title.trim() === '') problems.add(facts.file, facts.lineOf('title'), 'the title is empty')
  if (facts.values.slug.trim() === '') problems.add(facts.file, facts.lineOf('slug'), 'the slug is empty')
  return { facts, body: file.body }
}
