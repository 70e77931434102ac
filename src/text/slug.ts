// Dutch-aware slugs: accents dropped (Één → een), the ĳ ligature spelled out, case folded, anything
// else becomes a single dash. Titles that differ only in case or accents share a slug, and so a page.
export const slugMaxLength = 120

export function slugify(title: string): string {
  return title
    .replace(/[ĳĲ]/g, 'ij')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, slugMaxLength)
    .replace(/-+$/, '')
}
