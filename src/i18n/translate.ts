// Message lookup. Catalogues are TypeScript modules so that a key missing from `en` is a type error;
// test/i18n checks the same at run time and that every key a template uses exists.
import { en } from './en.js'
import type { Locale } from './locales.js'
import { type MessageKey, nl } from './nl.js'

export type { MessageKey }
export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

export const catalogues: Record<Locale, Record<MessageKey, string>> = { nl, en }

const translators: Record<Locale, Translate> = { nl: lookupIn(nl), en: lookupIn(en) }

/** The message lookup for one language: one function per language, shared by every request. */
export function translator(locale: Locale): Translate {
  return translators[locale]
}

function lookupIn(catalogue: Record<MessageKey, string>): Translate {
  return (key, params) => {
    const message = catalogue[key] ?? key
    if (!params) return message
    return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    )
  }
}
