import { defineConfig } from 'vitest/config'
import { SERIAL_TESTS } from './vitest.serial.config.js'

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // Run one file at a time afterwards (vitest.serial.config.ts).
    exclude: [...SERIAL_TESTS, '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
})
