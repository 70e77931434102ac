// Form handling shared by every feature: read fields from a urlencoded body, collect a message per
// field, and re-render with the person's own input when anything is wrong.
import type { MessageKey } from '../i18n/translate.js'

export type FormBody = Record<string, string | string[] | undefined>
export type FieldErrors = Record<string, MessageKey>

/** A single text field; repeated fields (a crafted request) are reduced to the first value. */
export function field(body: unknown, name: string): string {
  const value = (body as FormBody | undefined)?.[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
}

/** A positive whole number from a path parameter, or null for anything else (a 404, not a 500). */
export function idParam(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) return null
  return Number(value)
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0
}
