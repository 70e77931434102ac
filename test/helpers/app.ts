// The test fixture: every test gets its own freshly migrated in-memory database and its own app.
import type { FastifyInstance } from 'fastify'
import { test as base } from 'vitest'
import { buildApp } from '../../src/app.js'
import { type Config, testConfig } from '../../src/config.js'
import { type OpenedDatabase, openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { TestClient } from './http-client.js'

export interface TestContext {
  database: OpenedDatabase
  app: FastifyInstance
  /** A visitor's browser: keeps cookies and sends form tokens like a real one. */
  client: TestClient
}

export async function createTestApp(overrides: Partial<Config> = {}, file = ':memory:') {
  const database = openDatabase(file)
  await migrateToLatest(database.db)
  const app = await buildApp({ config: testConfig(overrides), database })
  return { app, database }
}

export const test = base.extend<TestContext>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
  database: async ({}, use) => {
    const database = openDatabase(':memory:')
    await migrateToLatest(database.db)
    await use(database)
    await database.close()
  },
  app: async ({ database }, use) => {
    const app = await buildApp({ config: testConfig(), database })
    await use(app)
    await app.close()
  },
  client: async ({ app }, use) => {
    await use(new TestClient(app))
  },
})

export { describe, expect } from 'vitest'
