// A rendered page with holes where it depends on who reads it: the form token, the unread badge, the
// actions under one's own posts, a form's submission key. Every page is rendered into a plan and the
// plan is filled for the reader; because nothing reader-specific is baked into the plan, a busy page
// (a thread) is rendered once per content version and only filled per request.
import { randomBytes } from 'node:crypto'

/** What a plan's holes may ask about the person reading. */
export interface Reader {
  memberId: number | null
  unreadNotifications: number
  /** The form token for this response (made on first use). */
  csrfToken(): string
}

export type Hole = (reader: Reader) => string | PagePlan
type Part = Buffer | Hole

interface Filled {
  chunks: Buffer[]
  bytes: number
  /** Each hole's text for this reader: one hole can stand in many places (the token in every form). */
  texts: Map<Hole, Buffer | PagePlan>
}

// Holes are marked in the rendered text by a word made anew at each start and never shown, so no text
// a member writes can contain one. Its letters (base64url) pass HTML escaping unchanged.
const nonce = randomBytes(12).toString('base64url')
const markerPattern = new RegExp(`\\u0001${nonce}(\\d+)\\u0002`, 'g')

/** The two renderings of a part that depends on whether the reader wrote a post. */
interface AuthorChoice {
  authorId: number | null
  own: PagePlan
  other: PagePlan
}

export class PagePlan {
  /**
   * The parts as most readers get them: everyone who wrote none of the posts on the page sees the
   * "other" rendering everywhere, so those choices are made once, here, and the fixed text between the
   * remaining holes is joined. Filling then copies a few long runs instead of many short ones.
   */
  readonly #common: readonly Part[]
  readonly #authors: ReadonlySet<number>

  constructor(
    private readonly parts: readonly Part[],
    choices: ReadonlyMap<Hole, AuthorChoice>,
  ) {
    const authors = new Set<number>()
    const common: (Buffer[] | Hole)[] = []
    const add = (plan: readonly Part[]) => {
      for (const part of plan) {
        const choice = Buffer.isBuffer(part) ? undefined : choices.get(part)
        if (choice) {
          if (choice.authorId !== null) authors.add(choice.authorId)
          add(choice.other.parts)
        } else if (Buffer.isBuffer(part)) {
          const last = common.at(-1)
          if (Array.isArray(last)) last.push(part)
          else common.push([part])
        } else common.push(part)
      }
    }
    add(parts)
    this.#authors = authors
    this.#common = joinFixedText(common)
  }

  /**
   * The page for this reader, written into memory from `allocate` (the caller may lend a buffer it
   * reuses; by default a new one).
   */
  fill(reader: Reader, allocate: (bytes: number) => Buffer = Buffer.allocUnsafeSlow): Buffer {
    const filled: Filled = { chunks: [], bytes: 0, texts: new Map() }
    const wroteHere = reader.memberId !== null && this.#authors.has(reader.memberId)
    PagePlan.#collect(wroteHere ? this.parts : this.#common, reader, filled)
    const page = allocate(filled.bytes)
    let offset = 0
    for (const chunk of filled.chunks) {
      page.set(chunk, offset)
      offset += chunk.length
    }
    return page
  }

  static #collect(parts: readonly Part[], reader: Reader, filled: Filled) {
    for (const part of parts) {
      if (Buffer.isBuffer(part)) {
        filled.chunks.push(part)
        filled.bytes += part.length
        continue
      }
      let filling = filled.texts.get(part)
      if (filling === undefined) {
        const value = part(reader)
        filling = typeof value === 'string' ? Buffer.from(value) : value
        filled.texts.set(part, filling)
      }
      if (Buffer.isBuffer(filling)) {
        filled.chunks.push(filling)
        filled.bytes += filling.length
      } else PagePlan.#collect(filling.parts, reader, filled)
    }
  }
}

/** Runs of fixed text become one buffer each, all views into one block of memory. */
function joinFixedText(parts: readonly (Buffer[] | Hole)[]): Part[] {
  const runs = parts.filter((part): part is Buffer[] => Array.isArray(part)).map((run) => Buffer.concat(run))
  const block = Buffer.concat(runs)
  let offset = 0
  return parts.map((part) => {
    if (!Array.isArray(part)) return part
    const length = part.reduce((sum, piece) => sum + piece.length, 0)
    const view = block.subarray(offset, offset + length)
    offset += length
    return view
  })
}

/** Collects the holes of one page while it renders, then cuts the rendered text into a plan. */
export class PlanBuilder {
  readonly #holes: Hole[] = []
  readonly #choices = new Map<Hole, AuthorChoice>()

  /** A marker to put in the page where `fill` decides the text. */
  hole(fill: Hole): string {
    return `\u0001${nonce}${this.#holes.push(fill) - 1}\u0002`
  }

  /** One of two rendered variants, by whether the reader wrote the thing (a post) they belong to. */
  forAuthor(authorId: number | null, own: string, other: string): string {
    const choice = { authorId, own: this.build(own), other: this.build(other) }
    const hole: Hole = (reader) =>
      authorId !== null && reader.memberId === authorId ? choice.own : choice.other
    this.#choices.set(hole, choice)
    return this.hole(hole)
  }

  build(html: string): PagePlan {
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
    // The fixed text in one block of memory, the parts as views into it: filling then reads the page in
    // order instead of from small buffers scattered over the heap.
    const block = Buffer.from(texts.join(''))
    const parts: Part[] = []
    let offset = 0
    texts.forEach((text, index) => {
      const length = Buffer.byteLength(text)
      if (length > 0) parts.push(block.subarray(offset, offset + length))
      offset += length
      const hole = holes[index]
      if (hole) parts.push(hole)
    })
    return new PagePlan(parts, this.#choices)
  }
}
