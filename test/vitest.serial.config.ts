import { defineConfig } from 'vitest/config'

/**
 * Tests that spawn real processes or load the machine for a minute, run one
 * file at a time after the rest of the suite (vitest.config.ts excludes
 * them): the Redis-outage test's "answered within 5 s" and the terminal
 * sessions' timeouts measure the bot, not a 2-core machine shared with
 * four other rebate-bot processes and a 100,000-message fuzz run. The
 * browser tests start a real Chromium.
 */
export const SERIAL_TESTS = ['test/integration/cli/**/*.test.ts', 'test/bot/terminal-chat.test.ts', 'test/bot/fuzz.test.ts', 'test/browser/**/*.test.ts']

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: SERIAL_TESTS,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
