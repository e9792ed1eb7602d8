import { describe, expect, it } from 'vitest'
import { v8FlagsFor } from '../../cli/bot-process-flags.js'

describe('V8 flags by what a process runs', () => {
  it.each([
    [['start', '--role', 'bot'], ['--optimize-for-size', '--no-opt']],
    [['start', '--role=bot'], ['--optimize-for-size', '--no-opt']],
    [['start', '--role', 'BOT'], ['--optimize-for-size', '--no-opt']],
    [['start'], ['--optimize-for-size']],
    [['start', '--role', 'bot,worker'], ['--optimize-for-size']],
    [['chat'], ['--optimize-for-size']],
    [['start', '--role', 'worker'], []],
    [['start', '--role', 'web,scheduler'], []],
    [['start', '--role'], []],
    [['start', '--role', 'robot'], []],
    [['migrate'], []],
    [[], []],
  ])('%j → %j', (argv, expected) => {
    expect(v8FlagsFor(argv)).toEqual(expected)
  })
})
