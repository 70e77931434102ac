// Theme sessions for tests that need one without going through the form.
import type { SessionInput } from '../../src/sessions/queries.js'

/** A two-hour online session on 29 March 2026 with no text and no people, changed as given. */
export function testSessionInput(changes: Partial<SessionInput> = {}): SessionInput {
  return {
    title: 'Resultaten borgen',
    series: null,
    number: null,
    startsAt: '2026-03-29T08:00:00.000Z',
    endsAt: '2026-03-29T10:00:00.000Z',
    format: 'online',
    location: '',
    summary: '',
    report: '',
    tags: { moderator: [], speaker: [], participant: [], theme: [] },
    ...changes,
  }
}
