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
/** The rendered text as cut at its markers: text, and the holes between. */
type Part = string | Hole

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
 * every reader gets), its own rendering aside. `T` is the fixed text: a string until the plan is laid
 * out, then a view into its block of memory.
 */
interface ForOwners<T> {
  members: ReadonlySet<number>
  own: Entry<T>[]
  entries: Entry<T>[]
}

type Entry<T = Buffer> = T | Hole | ForOwners<T>

/** Where a filled page goes. */
export interface PageOutput {
  /** Memory for a page that only this response will use. */
  allocate(bytes: number): Buffer
  /**
   * Calls `release` once the page handed to this response can no longer be read from memory: all of
   * it is with the operating system, or the response was destroyed. Without it, every page is copied
   * into memory of its own.
   */
  whenSent?(release: () => void): void
}

const ownMemory: PageOutput = { allocate: Buffer.allocUnsafeSlow }

/** Where a hole's text stands in the laid-out page. */
interface Slot {
  hole: Hole
  at: number
  length: number
}

export class PagePlan {
  /** The page with its choices, as rendered; dropped once laid out. */
  #rendered: readonly Entry<string>[]
  /** The page with its choices, the fixed text as views into one block of memory. */
  #entries: readonly Entry[] = []
  /** Memory for the block. */
  readonly #allocate: (bytes: number) => Buffer
  /**
   * What the layout needs to size the block, measured once with the plan's bytes: the fixed text's
   * bytes in the common page and aside, and the holes in the common page, in order.
   */
  readonly #textBytes: { page: number; aside: number }
  #pageHoles: Hole[] = []
  /** The members with something of their own on the page (authors of its posts, voters). */
  readonly #owners: ReadonlySet<number>
  /**
   * The page as everyone with nothing of their own on it gets it (nearly every reader): the start of
   * the block, with the holes' text of the last such reader in its slots. Filling a reader's holes
   * in place, instead of copying the 30-50 KB of a thread page for each view, took 2-5 us off
   * the server's 40 for a member's view of a thread page (measured with wrk, alternating builds).
   */
  #page: Buffer | null = null
  #slots: readonly Slot[] = []
  /**
   * Whether a view given #page may still be reading it: another reader then gets a copy. Told by the
   * response rather than asked of it, so that the plan holds no response: one held per kept page
   * until its next view outlived the young generation, and the garbage collector's share of a thread
   * page grew from 0.9 to 3 us (measured with a CPU profile). A response that never ends (a
   * pipelined request whose connection was reset) leaves the page copied for every view, never
   * changed under it.
   */
  #sending = false
  /** The common page as pieces, for a copy. */
  #common: Flat = []
  /**
   * The page as each of its owners gets it, made on their first view. Walking the choices on every
   * view cost an author five times what it costs anyone else (55 pieces instead of 11 on a thread
   * page, measured with `npm run bench`), and in a small community most members wrote in most threads.
   */
  readonly #forOwner = new Map<number, Flat>()
  /**
   * The memory the plan's text takes (what a cache of plans counts against its budget). The holes'
   * slots are not counted, nor the owners' lists: they hold views into the text, a few hundred bytes
   * each, for at most `maxKeptOwners` members.
   */
  readonly bytes: number

  constructor(
    parts: readonly Part[],
    choices: ReadonlyMap<Hole, OwnChoice>,
    allocate: (bytes: number) => Buffer,
  ) {
    this.#rendered = withChoices(parts, choices)
    this.#allocate = allocate
    const owners = new Set<number>()
    const textBytes = { page: 0, aside: 0 }
    const collect = (entries: readonly Entry<string>[], inPage: boolean) => {
      for (const entry of entries) {
        if (typeof entry === 'string') {
          if (inPage) textBytes.page += Buffer.byteLength(entry)
          else textBytes.aside += Buffer.byteLength(entry)
        } else if (typeof entry === 'function') {
          if (inPage) this.#pageHoles.push(entry)
        } else {
          for (const member of entry.members) owners.add(member)
          collect(entry.entries, inPage)
          collect(entry.own, false)
        }
      }
    }
    collect(this.#rendered, true)
    this.#owners = owners
    this.#textBytes = textBytes
    this.bytes = textBytes.page + textBytes.aside
  }

  /**
   * The page for this reader. Someone with nothing of their own on it gets the plan's own page with
   * their holes filled in, when `output` can tell when it is sent, no one else's view of it is still
   * being sent and their holes' text fits the slots; anyone else a copy in memory from `output` (the
   * caller may lend a buffer it reuses).
   */
  fill(reader: Reader, output: PageOutput = ownMemory): Buffer {
    const textOf = holeTexts(reader)
    const page = this.#page ?? this.#layOut(reader)
    const owner = reader.memberId !== null && this.#owners.has(reader.memberId)
    if (
      !owner &&
      output.whenSent &&
      !this.#sending &&
      this.#slots.every((s) => textOf(s.hole).length === s.length)
    ) {
      for (const slot of this.#slots) page.set(textOf(slot.hole), slot.at)
      this.#sending = true
      output.whenSent(() => {
        this.#sending = false
      })
      return page
    }
    return copy(owner ? this.#partsFor(reader.memberId as number) : this.#common, textOf, output)
  }

  #partsFor(memberId: number): Flat {
    let parts = this.#forOwner.get(memberId)
    if (parts === undefined) {
      parts = flatten(this.#entries, memberId)
      if (this.#forOwner.size < maxKeptOwners) this.#forOwner.set(memberId, parts)
    }
    return parts
  }

  /**
   * Every piece of fixed text written into one block: the common page first, with slots for its
   * holes (so that what most readers get lies side by side and can be sent as it is), then the own
   * renderings; the entries become views into it. The slots are as long as the holes' text for
   * this reader with nothing unread, the usual case: the first reader after a reply is often
   * someone it notified, and slots sized for their badge would give everyone else copies. The text
   * goes from the rendered strings straight into the block: cutting it into buffers first doubled
   * the memory a page not kept leaves for the garbage collector.
   */
  #layOut(reader: Reader): Buffer {
    const textOf = holeTexts({ ...reader, unreadNotifications: 0 })
    let pageBytes = this.#textBytes.page
    for (const hole of this.#pageHoles) pageBytes += textOf(hole).length
    const block = this.#allocate(pageBytes + this.#textBytes.aside)
    const slots: Slot[] = []
    let pageAt = 0
    let asideAt = pageBytes
    const place = (list: readonly Entry<string>[], inPage: boolean): Entry[] =>
      list.map((entry) => {
        if (typeof entry === 'string') {
          const at = inPage ? pageAt : asideAt
          const end = at + block.write(entry, at)
          if (inPage) pageAt = end
          else asideAt = end
          return block.subarray(at, end)
        }
        if (typeof entry === 'function') {
          if (inPage) {
            const text = textOf(entry)
            block.set(text, pageAt)
            slots.push({ hole: entry, at: pageAt, length: text.length })
            pageAt += text.length
          }
          return entry
        }
        return { members: entry.members, entries: place(entry.entries, inPage), own: place(entry.own, false) }
      })
    this.#entries = place(this.#rendered, true)
    // Measured and written by the same encoder; a difference would send stale bytes of a lent buffer.
    if (pageAt !== pageBytes || asideAt !== block.length)
      throw new Error('page plan: text length changed in layout')
    this.#rendered = []
    this.#pageHoles = []
    this.#common = flatten(this.#entries, null)
    this.#slots = slots
    this.#page = block.subarray(0, pageBytes)
    return this.#page
  }
}

/**
 * The holes' text for one reader, each made once: one hole can stand in many places (the token in
 * every form).
 */
function holeTexts(reader: Reader): (hole: Hole) => Buffer {
  const texts = new Map<Hole, Buffer>()
  return (hole) => {
    let text = texts.get(hole)
    if (text === undefined) {
      text = Buffer.from(hole(reader))
      texts.set(hole, text)
    }
    return text
  }
}

/** The page's pieces and its holes' text copied into memory from `output`. */
function copy(parts: Flat, textOf: (hole: Hole) => Buffer, output: PageOutput): Buffer {
  let bytes = 0
  for (const part of parts) bytes += (Buffer.isBuffer(part) ? part : textOf(part)).length
  const page = output.allocate(bytes)
  let offset = 0
  for (const part of parts) {
    const chunk = Buffer.isBuffer(part) ? part : textOf(part)
    page.set(chunk, offset)
    offset += chunk.length
  }
  return page
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
function withChoices(parts: readonly Part[], choices: ReadonlyMap<Hole, OwnChoice>): Entry<string>[] {
  const out: Entry<string>[] = []
  let run = ''
  const flush = () => {
    if (run !== '') out.push(run)
    run = ''
  }
  for (const part of parts) {
    if (typeof part === 'string') {
      run += part
      continue
    }
    flush()
    const choice = choices.get(part)
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

  /**
   * The plan of the rendered page. `allocate` gives the memory its text is laid out in at the first
   * fill: its own by default, as a kept plan needs; a page rendered for one response may borrow it.
   */
  build(html: string, allocate: (bytes: number) => Buffer = Buffer.allocUnsafeSlow): PagePlan {
    return new PagePlan(this.#split(html), this.#choices, allocate)
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
      if (text !== '') parts.push(text)
      const hole = holes[index]
      if (hole) parts.push(hole)
    })
    return parts
  }
}
