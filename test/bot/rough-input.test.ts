import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simItem } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture()
})
afterAll(async () => {
  await f.close()
})

function jdItemInProgram(): string {
  for (let n = 200_000_000_000; ; n++) if (simItem('jd', String(n)).inProgram) return String(n)
}

describe('rough input is normalised where a message enters', () => {
  it('a NUL byte next to a link is dropped: the link is converted, nothing breaks', async () => {
    const [reply] = await f.bot.say(f.bot.contact('Nul'), `https://item.jd.com/${jdItemInProgram()}.html\u0000`)
    expect(reply?.text).toContain('【京东】')
    expect(reply?.text).not.toContain('出了点小问题')
  })

  it('a zero-width space inside a link does not break it', async () => {
    const key = jdItemInProgram()
    const [reply] = await f.bot.say(f.bot.contact('Zw'), `https://item.jd.com/${key.slice(0, 5)}\u200B${key.slice(5)}.html`)
    expect(reply?.text).toContain('【京东】')
  })

  it('full-width command words are understood', async () => {
    const [plain] = await f.bot.say(f.bot.contact('Plain'), '余额')
    const [wide] = await f.bot.say(f.bot.contact('Wide'), '\uFEFF余额\u200B')
    expect(wide?.text).toBe(plain?.text)
  })
})
