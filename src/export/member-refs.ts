// How files name a member: "Display Name <email>", readable and unique by the address; a member
// without an address (an erased account) is "<member-7>" by the id in members.jsonl.

export interface MemberIdentity {
  id: number
  email: string | null
  display_name: string | null
}

export function memberRef(member: MemberIdentity): string {
  const key = member.email ?? `member-${member.id}`
  return member.display_name ? `${member.display_name} <${key}>` : `<${key}>`
}

/** The email or exported id a reference names, or null when it is not a reference. */
export function parseMemberRef(ref: string): { email: string } | { id: number } | null {
  const key = /<([^<>]+)>\s*$/.exec(ref)?.[1]?.trim()
  if (!key) return null
  const byId = /^member-(\d+)$/.exec(key)
  if (byId) return { id: Number(byId[1]) }
  return key.includes('@') ? { email: key } : null
}

/** Export side: every member id to its reference. */
export class MemberRefWriter {
  private readonly refs = new Map<number, string>()

  constructor(members: MemberIdentity[]) {
    for (const member of members) this.refs.set(member.id, memberRef(member))
  }

  ref(id: number | null): string | null {
    if (id === null) return null
    return this.refs.get(id) ?? `<member-${id}>`
  }
}

/** Import side: a reference to the member's id in the export (members.jsonl). */
export class MemberRefReader {
  private readonly byEmail = new Map<string, number>()
  private readonly ids = new Set<number>()

  add(member: MemberIdentity): void {
    this.ids.add(member.id)
    if (member.email) this.byEmail.set(member.email.toLowerCase(), member.id)
  }

  /** The exported id, or undefined when no member in the export has this reference. */
  exportedId(ref: string): number | undefined {
    const key = parseMemberRef(ref)
    if (!key) return undefined
    if ('id' in key) return this.ids.has(key.id) ? key.id : undefined
    return this.byEmail.get(key.email.toLowerCase())
  }
}
