// Threads for tests that need forum content without going through the forms.
import type { FastifyInstance } from 'fastify'
import { createThread } from '../../src/forum/queries.js'
import { createTestMember } from './members.js'

/** A question in the first category, by the given member or a new one. */
export async function createTestThread(
  app: FastifyInstance,
  input: { title: string; body: string; authorId?: number },
) {
  const authorId = input.authorId ?? (await createTestMember(app)).id
  const created = await createThread(app.db, {
    categoryId: 1,
    kind: 'question',
    title: input.title,
    body: input.body,
    authorId,
    submissionKey: null,
  })
  return { ...created, authorId }
}
