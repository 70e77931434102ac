// What each kind of page records besides its text, and how those fields are read from a form.
import type { Selectable } from 'kysely'
import type { Page } from '../db/schema.js'
import type { FieldErrors } from '../http/forms.js'
import { field } from '../http/forms.js'
import type { FieldLink } from '../text/links.js'
import { slugify } from '../text/slug.js'

export type PageRow = Selectable<Page>
export type PageKind = PageRow['kind']
export const pageKinds: PageKind[] = ['deal', 'theme', 'person', 'organisation', 'page']
export const dealTypes = ['city-deal', 'regio-deal', 'woondeal', 'green-deal', 'other'] as const
export const dealStatuses = ['in-preparation', 'running', 'completed'] as const

export const titleMaxLength = 150
export const bodyMaxLength = 200_000
const shortFieldMax = 150

export interface PageFields {
  deal_type: (typeof dealTypes)[number] | null
  deal_status: (typeof dealStatuses)[number] | null
  signed_on: string | null
  ends_on: string | null
  partner_count: number | null
  project_lead: string | null
  person_role: string | null
  organisation: string | null
  summary: string | null
}

export const emptyFields: PageFields = {
  deal_type: null,
  deal_status: null,
  signed_on: null,
  ends_on: null,
  partner_count: null,
  project_lead: null,
  person_role: null,
  organisation: null,
  summary: null,
}

/** Form values as typed, to re-show them unchanged when something is wrong. */
export type PageFormValues = Record<string, string>

export function readPageForm(body: unknown): PageFormValues {
  const names = ['title', 'kind', 'body', 'summary_line', 'base_revision', ...Object.keys(emptyFields)]
  return Object.fromEntries(names.map((name) => [name, field(body, name)]))
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
}

/** Validates title, text and the fields of the page's kind; fields of other kinds are cleared. */
export function validatePage(values: PageFormValues): {
  errors: FieldErrors
  fields: PageFields
  kind: PageKind
} {
  const errors: FieldErrors = {}
  const title = values.title?.trim() ?? ''
  if (title.length < 1 || !slugify(title)) errors.title = 'wiki.titleRequired'
  else if (title.length > titleMaxLength) errors.title = 'wiki.titleTooLong'
  const kind = pageKinds.find((k) => k === values.kind)
  if (!kind) errors.kind = 'form.invalidChoice'
  if ((values.body ?? '').length > bodyMaxLength) errors.body = 'wiki.bodyTooLong'
  if ((values.summary_line ?? '').length > 300) errors.summary_line = 'wiki.summaryTooLong'
  const fields: PageFields = { ...emptyFields }
  const text = (name: keyof PageFields) => {
    const value = values[name]?.trim() ?? ''
    if (value.length > shortFieldMax) errors[name] = 'wiki.fieldTooLong'
    return value || null
  }
  if (kind === 'deal') {
    const type = values.deal_type ?? ''
    fields.deal_type = dealTypes.find((t) => t === type) ?? null
    if (type && !fields.deal_type) errors.deal_type = 'form.invalidChoice'
    const status = values.deal_status ?? ''
    fields.deal_status = dealStatuses.find((s) => s === status) ?? null
    if (status && !fields.deal_status) errors.deal_status = 'form.invalidChoice'
    for (const name of ['signed_on', 'ends_on'] as const) {
      const value = values[name]?.trim() ?? ''
      if (value && !isDate(value)) errors[name] = 'wiki.dateInvalid'
      fields[name] = value && isDate(value) ? value : null
    }
    if (fields.signed_on && fields.ends_on && fields.ends_on < fields.signed_on)
      errors.ends_on = 'wiki.endsBeforeSigned'
    const partners = values.partner_count?.trim() ?? ''
    if (partners && !/^\d{1,5}$/.test(partners)) errors.partner_count = 'wiki.partnersInvalid'
    fields.partner_count = partners && /^\d{1,5}$/.test(partners) ? Number(partners) : null
    fields.project_lead = text('project_lead')
  } else if (kind === 'person') {
    fields.person_role = text('person_role')
    fields.organisation = text('organisation')
  } else if (kind === 'theme') {
    const summary = values.summary?.trim() ?? ''
    if (summary.length > 300) errors.summary = 'wiki.summaryTooLong'
    fields.summary = summary || null
  }
  return { errors, fields, kind: kind ?? 'page' }
}

/** Fields that name another page link to it, like a [[link]] in the text does. */
export function fieldLinks(fields: PageFields): FieldLink[] {
  const links: FieldLink[] = []
  for (const relation of ['project_lead', 'organisation'] as const) {
    const title = fields[relation]
    const slug = title ? slugify(title) : ''
    if (title && slug) links.push({ relation, targetTitle: title, targetSlug: slug, snippet: title })
  }
  return links
}

export function fieldsOf(page: PageRow): PageFields {
  return Object.fromEntries(
    Object.keys(emptyFields).map((k) => [k, page[k as keyof PageFields]]),
  ) as unknown as PageFields
}
