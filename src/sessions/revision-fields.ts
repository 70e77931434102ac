// What a revision of a session text holds besides its text, in words a reader knows: so the history
// can show a change that is not in the text (a room's participants, an idea's status, a new date).
import type { MessageKey, Translate } from '../i18n/translate.js'
import { tagRelations } from './queries.js'

export interface FieldChange {
  label: string
  before: string
  after: string
}

type Revised = { title: string; fields: Record<string, unknown> }

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ')
  return value === null || value === undefined ? '' : String(value)
}

/** The revision's title and fields, each under its label, as shown. */
function readable(
  type: 'session' | 'breakout' | 'idea',
  revision: Revised,
  t: Translate,
  formatDateTime: (iso: string) => string,
): Map<string, string> {
  const { fields } = revision
  const shown = new Map<string, string>([[t('session.field.title'), revision.title]])
  const label = (key: MessageKey, value: string) => shown.set(t(key), value)
  const term = (prefix: string, value: unknown) => (value ? t(`${prefix}${text(value)}` as MessageKey) : '')
  if (type === 'breakout') label('session.tags.participant', text(fields.participants))
  if (type === 'idea') label('session.field.status', term('session.ideaStatus.', fields.status))
  if (type === 'session') {
    label('session.field.series', text(fields.series))
    label('session.field.number', text(fields.number))
    label('session.field.starts', fields.startsAt ? formatDateTime(text(fields.startsAt)) : '')
    label('session.field.ends', fields.endsAt ? formatDateTime(text(fields.endsAt)) : '')
    label('session.field.format', term('session.format.', fields.format))
    label('session.field.location', text(fields.location))
    label('session.field.summary', text(fields.summary))
    label('session.field.status', term('session.status.', fields.status))
    const tags = (fields.tags ?? {}) as Record<string, unknown>
    for (const relation of tagRelations) label(`session.tags.${relation}`, text(tags[relation]))
  }
  return shown
}

/** What changed from one revision to the next, besides the text. */
export function fieldChanges(
  type: 'session' | 'breakout' | 'idea',
  previous: Revised | undefined,
  current: Revised,
  t: Translate,
  formatDateTime: (iso: string) => string,
): FieldChange[] {
  if (!previous) return []
  const before = readable(type, previous, t, formatDateTime)
  const after = readable(type, current, t, formatDateTime)
  return [...after]
    .filter(([label, value]) => (before.get(label) ?? '') !== value)
    .map(([label, value]) => ({ label, before: before.get(label) ?? '', after: value }))
}
