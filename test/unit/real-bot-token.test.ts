import { describe, expect, it } from 'vitest'
import { takesToken } from '../../bots/real-bot.js'

describe('WECHATY_PUPPET_SERVICE_TOKEN goes only to puppets that take a token', () => {
  it.each([
    ['wechaty-puppet-service', true],
    ['wechaty-puppet-padlocal', true],
    ['wechaty-puppet-wechat4u', false],
    ['wechaty-puppet-wechat', false],
    ['wechaty-puppet-mock', false],
  ])('%s → %s', (puppet, takes) => {
    expect(takesToken(puppet)).toBe(takes)
  })
})
