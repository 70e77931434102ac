import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores: browser tests each start Chromium, so keep the number of parallel files modest.
    maxWorkers: 2,
  },
})
