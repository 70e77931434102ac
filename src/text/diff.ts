// Differences between two versions of a text and its fields, for history pages of any revised entity.
import { diffWordsWithSpace } from 'diff'

export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/**
 * Word diff with a bound on the work: two texts that differ everywhere would otherwise take
 * quadratic time. Past the bound the whole text is shown as replaced.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const parts = diffWordsWithSpace(before, after, { maxEditLength: 2000, timeout: 500 })
  if (!parts) {
    return [
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]
  }
  return parts.map((part) => ({
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
