/**
 * A local path to return to after a form, or `/`. Anything that could leave the site (`//evil`,
 * `https://…`, `/\evil`) is refused, so `?next=` cannot be used as an open redirect.
 */
export function safeRedirectTarget(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return '/'
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f]/.test(next)) return '/'
  return next
}
