// Factories for members, inserted through the same queries the app uses.
import type { Database } from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { sessionCookie } from '../../src/auth/auth-plugin.js'
import { hashPassword } from '../../src/auth/passwords.js'
import { createMember } from '../../src/auth/queries.js'
import { createSession } from '../../src/auth/sessions.js'
import type { Role } from '../../src/http/access-plugin.js'
import { TestClient } from './http-client.js'

export const testPassword = 'een lange zin als wachtwoord'

let counter = 0

export async function createTestMember(
  app: FastifyInstance,
  options: { role?: Role; email?: string; name?: string; password?: string } = {},
) {
  counter += 1
  const role = options.role ?? 'member'
  const email = options.email ?? `${role}${counter}@voorbeeld.nl`
  const name = options.name ?? `Test ${role} ${counter}`
  const id = await createMember(app.db, {
    email,
    display_name: name,
    password_hash: await hashPassword(options.password ?? testPassword),
    role,
    status: 'active',
  })
  return { id, email, name, role, password: options.password ?? testPassword }
}

/** A client that is logged in as the member, through a real session row and cookie. */
export async function clientFor(app: FastifyInstance, memberId: number): Promise<TestClient> {
  const client = new TestClient(app)
  const { token } = await createSession(app.db, memberId, 'vitest')
  client.cookies.set(sessionCookie, token)
  return client
}

export async function loggedIn(app: FastifyInstance, role: Role = 'member') {
  const member = await createTestMember(app, { role })
  return { member, client: await clientFor(app, member.id) }
}

/** Every row of every table as text, to search for what must not be stored. */
export function dumpDatabase(sqlite: Database): string {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as {
    name: string
  }[]
  return tables.map(({ name }) => JSON.stringify(sqlite.prepare(`select * from "${name}"`).all())).join('\n')
}
