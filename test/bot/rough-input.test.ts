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

  it('an invite code typed full-width, after a colon and followed by thanks binds', async () => {
    const inviter = f.bot.contact('Inviter')
    const [invite] = await f.bot.say(inviter, '邀请')
    const code = /[A-Z2-9]{6}/.exec(invite?.text ?? '')?.[0] ?? ''
    expect(code).toHaveLength(6)
    const wide = [...code].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('')
    const [bound] = await f.bot.say(f.bot.contact('Friend'), `绑定：${wide} 谢谢`)
    expect(bound?.text).toContain('绑定成功')
    const [viaCodeWord] = await f.bot.say(f.bot.contact('Friend2'), `邀请码 ${code}`)
    expect(viaCodeWord?.text).toContain('绑定成功')
  })

  it('full-width command words are understood', async () => {
    const [plain] = await f.bot.say(f.bot.contact('Plain'), '余额')
    const [wide] = await f.bot.say(f.bot.contact('Wide'), '\uFEFF余额\u200B')
    expect(wide?.text).toBe(plain?.text)
  })
})
