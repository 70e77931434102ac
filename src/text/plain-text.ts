// Markdown read as plain text: what link snippets and the search index hold. [[Links]] become their
// labels, markdown markers disappear, the words stay.
import { wikilinkPattern } from './wikilinks.js'

// Bounded quantifiers keep every pattern linear on hostile input (long runs of brackets).
export function plainLine(text: string): string {
  return text
    .replace(wikilinkPattern, (_m, title: string, _h: string, label: string) => (label ?? title).trim())
    .replace(/!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d{1,9}[.)])\s+/, '')
    .replace(/[*_`~]+/g, '')
}

/** A whole markdown text as plain text, one line per line, without blank runs. */
export function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => plainLine(line).trim())
    .filter((line) => line !== '' && !/^(-{3,}|\|?[\s:|-]+\|?)$/.test(line))
    .join('\n')
}
