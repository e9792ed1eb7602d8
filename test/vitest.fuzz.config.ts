import { defineConfig } from 'vitest/config'

/**
 * The 100,000-message fuzz run, alone after the rest of the suite
 * (vitest.config.ts excludes it): it keeps a core busy for a minute or more,
 * and beside it the suite's real-process tests (Redis outage, private Redis,
 * terminal sessions) would be timed on a starved machine.
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/bot/fuzz.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
