// Differences between two versions of a text and its fields, for history pages of any revised entity.
import { diffWordsWithSpace } from 'diff'

export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

export function diffText(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }))
}

export interface FieldChange {
  name: string
  before: string
  after: string
}

export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  const show = (value: unknown) => (value === null || value === undefined ? '' : String(value))
  return names
    .filter((name) => show(before[name]) !== show(after[name]))
    .map((name) => ({ name, before: show(before[name]), after: show(after[name]) }))
}
