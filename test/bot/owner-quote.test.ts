import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyRateBp } from '../../src/money/fen.js'
import { simItem, simPriceAfterCoupon } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture({ REBATE_USER_SHARE_PERCENT: '50', GROUP_OWNER_SHARE_PERCENT: '80' })
  f.sim.state.settings.jdTier = 'advanced'
})
afterAll(async () => {
  await f.close()
})

describe('the rebate quoted is the one that will be credited', () => {
  it('a group owner pasting an item they pushed is quoted the group-owner share; anyone else the shopper share', async () => {
    let n = 300_000_000_000
    while (!(simItem('jd', String(n)).inProgram && simItem('jd', String(n)).coupon !== null)) n++
    const item = simItem('jd', String(n))
    const commission = applyRateBp(simPriceAfterCoupon(item), item.commissionRateBp)
    const owner = f.bot.contact('Owner')
    const room = f.bot.room('发单群', owner)
    await f.bot.say(owner, '发单设置', room)
    const link = `https://item.jd.com/${n}.html`
    const [before] = await f.bot.say(owner, link)
    expect(before?.text).toContain(`预计返利：¥${(applyRateBp(commission, 5000) / 100).toFixed(2)}`)
    await f.bot.say(owner, `推送 ${link}`)
    const [after] = await f.bot.say(owner, link)
    expect(after?.text).toContain(`预计返利：¥${(applyRateBp(commission, 8000) / 100).toFixed(2)}`)
    const [shopper] = await f.bot.say(f.bot.contact('Shopper'), link)
    expect(shopper?.text).toContain(`预计返利：¥${(applyRateBp(commission, 5000) / 100).toFixed(2)}`)
  })
})
