import { describe, expect, it } from 'vitest'
import { routeText } from '../../../src/chat/route-text.js'
import { loadConfig } from '../../../src/config.js'
import { consoleLoginLinkText } from '../../../src/console/console-login.text.js'
import { csrfTokenMatches } from '../../../src/console/csrf-token.js'

describe('csrfTokenMatches', () => {
  const token = 'Qx3fA9-_kT0aZ8mN1pL2rS4uV6wY7bC5dE0gH1iJ2kL'
  it.each([
    ['the same token', token, true],
    ['another token of the same length', `${token.slice(0, -1)}M`, false],
    ['a prefix', token.slice(0, 20), false],
    ['a longer text', `${token}x`, false],
    ['empty', '', false],
    ['missing', undefined, false],
    ['a repeated field (array)', [token, token], false],
    ['a number', 42, false],
  ] as const)('%s → %s', (_name, given, expected) => {
    expect(csrfTokenMatches(token, given)).toBe(expected)
  })

  it('never matches when the session has no token', () => {
    expect(csrfTokenMatches('', '')).toBe(false)
  })
})

describe('后台 command words', () => {
  it.each(['后台', '管理后台', '/后台', ' 后台 '])('%s → console-login', (text) => {
    expect(routeText(text)).toEqual({ kind: 'command', name: 'console-login', args: '' })
  })

  it('the reply gives the link, how long it lasts and that it is personal', () => {
    const text = consoleLoginLinkText('https://bot.example/console/login?token=abc', 10)
    expect(text).toContain('https://bot.example/console/login?token=abc')
    expect(text).toContain('10分钟内有效')
    expect(text).toContain('只能用一次')
    expect(text).toContain('不要转发')
  })
})

describe('CONSOLE_IDLE_MINUTES', () => {
  it('defaults to 30 minutes', () => {
    expect(loadConfig({}).console.idleMs).toBe(30 * 60_000)
  })
  it('takes whole minutes', () => {
    expect(loadConfig({ CONSOLE_IDLE_MINUTES: '5' }).console.idleMs).toBe(5 * 60_000)
  })
  it.each(['0', '1.5', 'soon', '1441'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ CONSOLE_IDLE_MINUTES: value })).toThrow(/CONSOLE_IDLE_MINUTES/)
  })
})
