import { describe, expect, it } from 'vitest'
import { parseRoleFlag, RoleFlagError } from '../../cli/role-flag.js'

describe(parseRoleFlag.name, () => {
  it.each([
    [[], ['bot', 'worker', 'scheduler', 'web'], false],
    [['--role', 'worker'], ['worker'], true],
    [['--role', 'web'], ['web'], true],
    [['--role=bot,scheduler'], ['bot', 'scheduler'], true],
    [['--role', 'scheduler, Worker,bot'], ['scheduler', 'worker', 'bot'], true],
    [['--role', 'web,scheduler, Worker,bot'], ['web', 'scheduler', 'worker', 'bot'], false],
  ])('%j → %j (subset: %s)', (args, roles, subset) => {
    expect(parseRoleFlag(args)).toEqual({ roles: new Set(roles), subset })
  })

  it.each([
    [['--role', 'wrker'], '--role: unknown role "wrker"; choose from bot, worker, scheduler, web'],
    [['--role'], '--role needs a list of roles, e.g. --role bot,worker,scheduler,web'],
    [['--role', ''], '--role needs a list of roles, e.g. --role bot,worker,scheduler,web'],
    [['--rol', 'bot'], 'start: unknown option "--rol" (usage: start [--role bot,worker,scheduler,web])'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseRoleFlag(args)).toThrow(new RoleFlagError(message))
  })
})
