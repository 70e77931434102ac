// A rendered page with holes where it depends on who reads it: the form token, the unread badge, the
// actions under one's own posts, the ideas one voted for, a form's submission key. Every page is
// rendered into a plan and the plan is filled for the reader; because nothing reader-specific is baked
// into the plan, a busy page (a thread) is rendered once per content version and only filled per
// request.
import { randomBytes } from 'node:crypto'

/** What a plan's holes may ask about the person reading. */
export interface Reader {
  memberId: number | null
  unreadNotifications: number
  /** The form token for this response (made on first use). */
  csrfToken(): string
}

export type Hole = (reader: Reader) => string
type Part = Buffer | Hole

// Holes are marked in the rendered text by a word made anew at each start and never shown, so no text
// a member writes can contain one. Its letters (base64url) pass HTML escaping unchanged.
const nonce = randomBytes(12).toString('base64url')
const markerPattern = new RegExp(`\\u0001${nonce}(\\d+)\\u0002`, 'g')

/**
 * The two renderings of a part that depends on whether it is the reader's own: a post they wrote, an
 * idea they voted for. `members` are those it belongs to.
 */
interface OwnChoice {
  members: ReadonlySet<number>
  own: Part[]
  other: Part[]
}

/**
 * A part that depends on whether it is the reader's own: its "other" rendering inline (what nearly
 * every reader gets), its own rendering aside.
 */
interface ForOwners {
  members: ReadonlySet<number>
  own: Entry[]
  entries: Entry[]
}

type Entry = Buffer | Hole | ForOwners

export class PagePlan {
  /** The page with its choices, the fixed text as views into one block of memory. */
  readonly #entries: readonly Entry[]
  /** The page as everyone with nothing of their own on it gets it (nearly every reader). */
  readonly #common: Flat
  /** The members with something of their own on the page (authors of its posts, voters). */
  readonly #owners: ReadonlySet<number>
  /**
   * The page as each of its owners gets it, made on their first view. Walking the choices on every
   * view cost an author five times what it costs anyone else (55 pieces instead of 11 on a thread
   * page, measured with `npm run bench`), and in a small community most members wrote in most threads.
   */
  readonly #forOwner = new Map<number, Flat>()
  /**
   * The memory the plan's text takes (what a cache of plans counts against its budget). The owners'
   * lists are not counted: they hold views into the text, a few hundred bytes each, for at most
   * `maxKeptOwners` members.
   */
  readonly bytes: number

  constructor(parts: readonly Part[], choices: ReadonlyMap<Hole, OwnChoice>) {
    const { entries, bytes } = intoOneBlock(withChoices(parts, choices))
    this.#entries = entries
    this.bytes = bytes
    const owners = new Set<number>()
    const collectOwners = (entries: readonly Entry[]) => {
      for (const entry of entries) {
        if (Buffer.isBuffer(entry) || typeof entry === 'function') continue
        for (const member of entry.members) owners.add(member)
        collectOwners(entry.entries)
        collectOwners(entry.own)
      }
    }
    collectOwners(this.#entries)
    this.#owners = owners
    this.#common = flatten(this.#entries, null)
  }

  /**
   * The page for this reader, written into memory from `allocate` (the caller may lend a buffer it
   * reuses; by default a new one).
   */
  fill(reader: Reader, allocate: (bytes: number) => Buffer = Buffer.allocUnsafeSlow): Buffer {
    const parts = this.#partsFor(reader.memberId)
    const texts = new Map<Hole, Buffer>()
    const chunks: Buffer[] = []
    let bytes = 0
    for (const part of parts) {
      let chunk = part
      if (!Buffer.isBuffer(chunk)) {
        // One hole can stand in many places (the token in every form): its text is made once.
        let text = texts.get(chunk)
        if (text === undefined) {
          text = Buffer.from(chunk(reader))
          texts.set(chunk, text)
        }
        chunk = text
      }
      chunks.push(chunk)
      bytes += chunk.length
    }
    const page = allocate(bytes)
    let offset = 0
    for (const chunk of chunks) {
      page.set(chunk, offset)
      offset += chunk.length
    }
    return page
  }

  #partsFor(memberId: number | null): Flat {
    if (memberId === null || !this.#owners.has(memberId)) return this.#common
    let parts = this.#forOwner.get(memberId)
    if (parts === undefined) {
      parts = flatten(this.#entries, memberId)
      if (this.#forOwner.size < maxKeptOwners) this.#forOwner.set(memberId, parts)
    }
    return parts
  }
}

/** Owners whose page a plan keeps; any further owner's page is made on each of their views. */
const maxKeptOwners = 50

/** A page with every choice made: fixed text and holes only. */
type Flat = readonly (Buffer | Hole)[]

/**
 * The entries with each choice made for `memberId` (null: someone with nothing of their own on the
 * page), and neighbouring text that the block holds side by side joined into single views.
 */
function flatten(entries: readonly Entry[], memberId: number | null): Flat {
  const flat: (Buffer | Hole)[] = []
  const add = (list: readonly Entry[]) => {
    for (const entry of list) {
      if (Buffer.isBuffer(entry)) {
        const last = flat.at(-1)
        if (Buffer.isBuffer(last) && last.byteOffset + last.length === entry.byteOffset) {
          flat[flat.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + entry.length)
        } else flat.push(entry)
      } else if (typeof entry === 'function') flat.push(entry)
      else add(memberId !== null && entry.members.has(memberId) ? entry.own : entry.entries)
    }
  }
  add(entries)
  return flat
}

/** Choices become ForOwners entries; adjacent fixed text is joined. */
function withChoices(parts: readonly Entry[], choices: ReadonlyMap<Hole, OwnChoice>): Entry[] {
  const out: Entry[] = []
  let run: Buffer[] = []
  const flush = () => {
    if (run.length > 0) out.push(run.length === 1 ? (run[0] as Buffer) : Buffer.concat(run))
    run = []
  }
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      run.push(part)
      continue
    }
    flush()
    const choice = typeof part === 'function' ? choices.get(part) : undefined
    if (choice) {
      out.push({
        members: choice.members,
        own: withChoices(choice.own, choices),
        entries: withChoices(choice.other, choices),
      })
    } else out.push(part)
  }
  flush()
  return out
}

/**
 * Every piece of fixed text copied into one block, the page's text in page order first (so that what
 * most readers get lies side by side) and the own renderings after; the entries become views into it.
 */
function intoOneBlock(entries: Entry[]): { entries: Entry[]; bytes: number } {
  const inPage: Buffer[] = []
  const aside: Buffer[] = []
  const gather = (list: Entry[], into: Buffer[]) => {
    for (const entry of list) {
      if (Buffer.isBuffer(entry)) into.push(entry)
      else if (typeof entry !== 'function') {
        gather(entry.entries, into)
        gather(entry.own, aside)
      }
    }
  }
  gather(entries, inPage)
  const pieces = [...inPage, ...aside]
  // Memory of its own, not a slice of Node's shared 8 KB pool, which a kept plan would keep alive
  // whole, with whatever else was cut from it.
  const block = Buffer.allocUnsafeSlow(pieces.reduce((sum, piece) => sum + piece.length, 0))
  const views = new Map<Buffer, Buffer>()
  let at = 0
  for (const piece of pieces) {
    block.set(piece, at)
    views.set(piece, block.subarray(at, at + piece.length))
    at += piece.length
  }
  const place = (list: Entry[]): Entry[] =>
    list.map((entry) => {
      if (Buffer.isBuffer(entry)) return views.get(entry) as Buffer
      if (typeof entry === 'function') return entry
      return { ...entry, entries: place(entry.entries), own: place(entry.own) }
    })
  return { entries: place(entries), bytes: block.length }
}

/** Collects the holes of one page while it renders, then cuts the rendered text into a plan. */
export class PlanBuilder {
  readonly #holes: Hole[] = []
  readonly #choices = new Map<Hole, OwnChoice>()

  /** A marker to put in the page where `fill` decides the text. */
  hole(fill: Hole): string {
    return `\u0001${nonce}${this.#holes.push(fill) - 1}\u0002`
  }

  /**
   * One of two rendered variants, by whether the reader is one of `members`: a post's author, an
   * idea's voters. A null (an author whose account is gone) is no one.
   */
  forMembers(members: readonly (number | null)[], own: string, other: string): string {
    const owners = new Set(members.filter((member): member is number => member !== null))
    const choice = { members: owners, own: this.#split(own), other: this.#split(other) }
    // Only marks the place: the plan puts the choice there (withChoices) and never asks this hole.
    const hole: Hole = () => ''
    this.#choices.set(hole, choice)
    return this.hole(hole)
  }

  build(html: string): PagePlan {
    return new PagePlan(this.#split(html), this.#choices)
  }

  /** The rendered text cut at its markers: fixed text and the holes between. */
  #split(html: string): Part[] {
    const texts: string[] = []
    const holes: Hole[] = []
    let last = 0
    for (const match of html.matchAll(markerPattern)) {
      const hole = this.#holes[Number(match[1])]
      if (!hole) continue
      texts.push(html.slice(last, match.index))
      holes.push(hole)
      last = match.index + match[0].length
    }
    texts.push(html.slice(last))
    const parts: Part[] = []
    texts.forEach((text, index) => {
      if (text !== '') parts.push(Buffer.from(text))
      const hole = holes[index]
      if (hole) parts.push(hole)
    })
    return parts
  }
}
