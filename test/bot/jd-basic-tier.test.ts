import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatYuan } from '../../src/money/fen.js'
import { simItem } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

/**
 * A JD Union account without the 高级API (the simulator's default, as for
 * most operators): links come from promotion.common.get, prices from
 * goods.promotiongoodsinfo.query, and no 403 is paid per message.
 */
let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture()
})
afterAll(async () => {
  await f.close()
})

function findKey(test: (key: string) => boolean): string {
  for (let n = 100_000_000_000; ; n++) if (test(String(n))) return String(n)
}

const jdCalls = (method: string): number => f.sim.state.callCounts().get(`jd ${method}`) ?? 0

describe('JD on an ordinary account', () => {
  it('answers with the union-click link and the list price, and records the item for attribution', async () => {
    const key = findKey((k) => simItem('jd', k).inProgram)
    const item = simItem('jd', key)
    const alice = f.bot.contact('Alice')
    const [reply] = await f.bot.say(alice, `https://item.jd.com/${key}.html`)
    expect(reply?.text).toContain(`【京东】${item.title}`)
    expect(reply?.text).toContain(`原价：¥${formatYuan(item.priceFen)}`)
    const url = /https:\/\/union-click\.jd\.com\/jdc\?e=\S+/.exec(reply?.text ?? '')?.[0]
    expect(url).toBeDefined()
    // Alice's own conversion: an ordinary account's link is the same for everyone, and other tests share the database.
    const conversions = await f.database.db
      .selectFrom('conversions')
      .innerJoin('users', 'users.id', 'conversions.user_id')
      .select(['conversions.platform', 'conversions.item_id'])
      .where('conversions.promo_url', '=', url ?? '')
      .where('users.contact_id', '=', alice.id)
      .execute()
    expect(conversions).toEqual([{ platform: 'jd', item_id: key }])
    const code = new URL(url ?? 'https://x.invalid').searchParams.get('e') ?? ''
    expect(f.sim.state.promoByCode(code)?.attributionId).toBeUndefined()
  })

  it('pays the advanced APIs’ 403 once, not per message', async () => {
    const bob = f.bot.contact('Bob')
    const refusedBefore = jdCalls('jd.union.open.goods.query') + jdCalls('jd.union.open.promotion.bysubunionid.get')
    const commonBefore = jdCalls('jd.union.open.promotion.common.get')
    for (let i = 0; i < 3; i++) {
      const key = findKey((k) => Number(k) > 100_000_000_100 + i * 50 && simItem('jd', k).inProgram)
      const [reply] = await f.bot.say(bob, `https://item.jd.com/${key}.html`)
      expect(reply?.text).toContain('https://union-click.jd.com/jdc?e=')
    }
    expect(jdCalls('jd.union.open.goods.query') + jdCalls('jd.union.open.promotion.bysubunionid.get')).toBe(refusedBefore)
    expect(jdCalls('jd.union.open.promotion.common.get') - commonBefore).toBe(3)
  })
})
