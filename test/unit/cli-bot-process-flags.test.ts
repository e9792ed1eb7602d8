import { describe, expect, it } from 'vitest'
import { runsBotOnly } from '../../cli/bot-process-flags.js'

describe('which processes are tuned for memory as bot-only processes', () => {
  it.each([
    [['start', '--role', 'bot'], true],
    [['start', '--role=bot'], true],
    [['start', '--role', 'BOT'], true],
    [['start'], false],
    [['start', '--role', 'bot,worker'], false],
    [['start', '--role', 'web'], false],
    [['chat'], false],
    [['start', '--role'], false],
    [['start', '--role', 'robot'], false],
    [[], false],
  ])('%j → %s', (argv, expected) => {
    expect(runsBotOnly(argv)).toBe(expected)
  })
})
