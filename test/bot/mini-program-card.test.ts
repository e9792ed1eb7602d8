import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simItem } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture()
  f.sim.state.settings.jdTier = 'advanced'
  f.sim.state.settings.pddUserAuthorization = false
})
afterAll(async () => {
  await f.close()
})

function findKey(platform: 'jd' | 'pdd', test: (key: string) => boolean): string {
  for (let n = 100_000_000_000; ; n++) if (test(String(n))) return String(n)
}

/** Cards as puppets report a share from the JD 购物 / 拼多多 apps (appid, original id, page path, title). */
const jdCard = (pagePath: string) => ({
  appid: 'wx91d27dbf599dff74',
  username: 'gh_45b306365c3d@app',
  title: '京东购物',
  description: '',
  pagePath,
  thumbUrl: 'https://m.360buyimg.com/mobilecms/s750x600_jfs/t1/placeholder.jpg',
})
const pddCard = (pagePath: string) => ({
  appid: 'wx32540bd863b27570',
  username: 'gh_0e7477744313@app',
  title: '拼多多，多实惠，多乐趣。',
  description: '拼多多',
  pagePath,
})

/** The promo link in a reply and the simulator's record of issuing it. */
function issuedFor(text: string) {
  const url = /https?:\/\/\S+/.exec(text.split('\n').find((line) => /领券|购买|链接/.test(line)) ?? '')?.[0]
  return { url, issued: f.sim.state.issuedPromos().find((p) => p.shortUrl === url) }
}

describe('mini-program cards', () => {
  it('converts a product shared from the JD app as a mini-program card, attributed to the sender', async () => {
    const amy = f.bot.contact('Amy')
    const key = findKey('jd', (k) => simItem('jd', k).inProgram)
    const replies = await f.bot.sayMiniProgram(amy, jdCard(`pages/item/detail/detail.html?sku=${key}&cu=true&utm_source=jdapp`))
    expect(replies).toHaveLength(1)
    expect(replies[0]?.conversationId).toBe(amy.id)
    expect(replies[0]?.text).toContain(`【京东】${simItem('jd', key).title}`)
    const { url, issued } = issuedFor(replies[0]?.text ?? '')
    expect(url).toMatch(/^https:\/\/u\.jd\.com\//)
    expect(issued?.itemKey).toBe(key)
    const user = await f.database.db.selectFrom('users').selectAll().where('contact_id', '=', amy.id).executeTakeFirstOrThrow()
    expect(issued?.attributionId).toBe(user.attribution_id)
  })

  it('converts a product shared from the Pinduoduo app, in a group with an @-mention', async () => {
    const owner = f.bot.contact('Ben')
    const member = f.bot.contact('Cleo')
    const room = f.bot.room('拼单群', owner, [member])
    const key = findKey('pdd', (k) => simItem('pdd', k).inProgram)
    const replies = await f.bot.sayMiniProgram(member, pddCard(`package_c/goods/goods.html?goods_id=${key}&refer_share_channel=message`), room)
    expect(replies).toHaveLength(1)
    expect(replies[0]?.conversationId).toBe(room.id)
    expect(replies[0]?.text.startsWith('@Cleo ')).toBe(true)
    expect(replies[0]?.text).toContain(`【拼多多】${simItem('pdd', key).title}`)
    const { issued } = issuedFor(replies[0]?.text ?? '')
    expect(issued?.itemKey).toBe(key)
  })

  it('answers a JD shop card and another app’s card with one clear line, never the generic hint', async () => {
    const dan = f.bot.contact('Dan')
    const [shop] = await f.bot.sayMiniProgram(dan, jdCard('pages/shop/index/index?shopId=1000000127'))
    expect(shop?.text).toBe('这张京东小程序卡片里没有商品（可能是店铺或活动页），请在App的商品页点「分享」→「复制链接」，把链接发给我。')
    const [other] = await f.bot.sayMiniProgram(dan, {
      appid: 'wx2672757b4553d5d7',
      username: 'gh_b5403cc2567a@app',
      title: '老板，跟团成功了',
      pagePath: 'pages/activity/activity.html?collection_activity_no=09q1pnruc',
    })
    expect(other?.text).toBe('这个小程序卡片我认不出商品，请在App的商品页点「分享」→「复制链接」，把链接发给我。')
    const conversions = await f.database.db
      .selectFrom('conversions')
      .innerJoin('users', 'users.id', 'conversions.user_id')
      .select('conversions.id')
      .where('users.contact_id', '=', dan.id)
      .execute()
    expect(conversions).toHaveLength(0)
  })

  it('stays silent in a group on a card it cannot read', async () => {
    const owner = f.bot.contact('Eve')
    const member = f.bot.contact('Finn')
    const room = f.bot.room('闲聊群', owner, [member])
    expect(await f.bot.sayMiniProgram(member, pddCard('package_a/mall_page/mall_page.html?mall_id=66692747'), room)).toEqual([])
    expect(await f.bot.sayMiniProgram(member, { appid: 'wxde8ac0a21135c07d', title: '美团外卖' }, room)).toEqual([])
  })
})
