import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUSH_NOT_OWNER_TEXT } from '../../src/deals/owner-commands.text.js'
import { formatYuan } from '../../src/money/fen.js'
import { simItem, simPriceAfterCoupon } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture()
  // These scenarios are about a JD account with the 高级API (coupons, per-user subUnionId); test/bot/jd-basic-tier.test.ts covers the default.
  f.sim.state.settings.jdTier = 'advanced'
  // They are not about PDD 授权备案 either (its own test below turns the per-user gate back on).
  f.sim.state.settings.pddUserAuthorization = false
})
afterAll(async () => {
  await f.close()
})

/** What the simulator's catalog says the reply must show for an item. */
function expected(platform: 'taobao' | 'jd' | 'pdd', key: string) {
  const item = simItem(platform, key)
  const after = simPriceAfterCoupon(item)
  const commission = Math.floor((after * item.commissionRateBp) / 10_000)
  return { item, after, rebate: Math.floor((commission * 6000) / 10_000) }
}

function findKey(platform: 'jd' | 'pdd' | 'taobao', test: (key: string) => boolean): string {
  for (let n = 100_000_000_000; ; n++) if (test(String(n))) return String(n)
}

async function rowsFor(contactId: string) {
  const users = await f.database.db.selectFrom('users').selectAll().where('contact_id', '=', contactId).execute()
  const conversions = await f.database.db
    .selectFrom('conversions')
    .innerJoin('users', 'users.id', 'conversions.user_id')
    .selectAll('conversions')
    .where('users.contact_id', '=', contactId)
    .execute()
  return { users, conversions }
}

describe('direct chat', () => {
  it('answers a JD item link with price, coupon, rebate and a promo link attributed to the sender', async () => {
    const alice = f.bot.contact('Alice')
    const key = findKey('jd', (k) => simItem('jd', k).inProgram && simItem('jd', k).coupon !== null)
    const { item, after, rebate } = expected('jd', key)
    const replies = await f.bot.say(alice, `https://item.jd.com/${key}.html`)
    expect(replies).toHaveLength(1)
    const [reply] = replies
    expect(reply?.conversationId).toBe(alice.id)
    expect(reply?.text).toContain(`【京东】${item.title}`)
    expect(reply?.text).toContain(`原价：¥${formatYuan(item.priceFen)}`)
    expect(reply?.text).toContain(`券后价：¥${formatYuan(after)}`)
    expect(reply?.text).toContain(`预计返利：¥${formatYuan(rebate)}`)
    const url = /https:\/\/u\.jd\.com\/\S+/.exec(reply?.text ?? '')?.[0]
    expect(url).toBeDefined()

    const { users, conversions } = await rowsFor(alice.id)
    expect(users).toHaveLength(1)
    expect(conversions).toHaveLength(1)
    expect(conversions[0]).toMatchObject({ platform: 'jd', promo_url: url, attribution_id: users[0]?.attribution_id, room_id: null })
    expect(Number(conversions[0]?.rebate_fen)).toBe(rebate)
    const issued = f.sim.state.issuedPromos().find((p) => p.shortUrl === url)
    expect(issued?.attributionId).toBe(users[0]?.attribution_id)
  })

  it('answers a Taobao app share text with the title, the coupon link and the 淘口令', async () => {
    const bob = f.bot.contact('Bob')
    // The simulator keys a foreign share link by its tk token: find one that resolves to a promotable item.
    let tk = ''
    let key = ''
    for (let n = 0; !key; n++) {
      const candidate = `XUymWKIq${String(n).padStart(3, '0')}`
      const resolved = f.sim.state.resolveForeign('taobao', candidate)
      if (resolved !== 'expired' && simItem('taobao', resolved.itemKey).inProgram) {
        tk = candidate
        key = resolved.itemKey
      }
    }
    const [reply] = await f.bot.say(
      bob,
      `【淘宝】https://m.tb.cn/h.gYyo4OStf9RoxOh?tk=${tk} MF6563 「保温杯女士316不锈钢」\n点击链接直接打开 或者 淘宝搜索直接打开`,
    )
    expect(reply?.text).toContain(`【淘宝】${simItem('taobao', key).title}`)
    expect(reply?.text).toMatch(/(领券购买|购买链接)：https:\/\/s\.click\.taobao\.com\/\S+/)
    expect(reply?.text).toMatch(/淘口令：￥[0-9A-Za-z]{11}￥/)
  })

  it('answers a Taobao item, a JD item and a PDD item of one message in one reply, in order', async () => {
    const carol = f.bot.contact('Carol')
    const keys = {
      taobao: findKey('taobao', (k) => simItem('taobao', k).inProgram),
      jd: findKey('jd', (k) => simItem('jd', k).inProgram),
      pdd: findKey('pdd', (k) => simItem('pdd', k).inProgram),
    }
    const replies = await f.bot.say(
      carol,
      `看看这三个 https://item.taobao.com/item.htm?id=${keys.taobao} 还有 https://item.jd.com/${keys.jd}.html 和 https://mobile.yangkeduo.com/goods.html?goods_id=${keys.pdd}`,
    )
    expect(replies).toHaveLength(1)
    const text = replies[0]?.text ?? ''
    const positions = (['taobao', 'jd', 'pdd'] as const).map((p) => text.indexOf(simItem(p, keys[p]).title))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect((await rowsFor(carol.id)).conversions).toHaveLength(3)
  })

  it('says in one line when the item is not in the affiliate program', async () => {
    const dan = f.bot.contact('Dan')
    const key = findKey('jd', (k) => !simItem('jd', k).inProgram)
    const [reply] = await f.bot.say(dan, `https://item.jd.com/${key}.html`)
    expect(reply?.text).toBe('这个商品不在推广计划内，暂无优惠券和返利。')
    expect((await rowsFor(dan.id)).conversions).toHaveLength(0)
  })

  it('answers 帮助 with the commands and other chatter with a hint', async () => {
    const erin = f.bot.contact('Erin')
    const [help] = await f.bot.say(erin, '帮助')
    expect(help?.text).toContain('帮助 / 菜单')
    const [hint] = await f.bot.say(erin, '你好，在吗')
    expect(hint?.text).toContain('商品链接或淘口令')
  })

  it.each([
    ['empty', ''],
    ['whitespace', '   \n  '],
    ['1 MB of text', '这是一段很长的话'.repeat(131_072)],
    ['binary', '\u0000\u0001\uFFFD\uD800garbage\u0007'],
    ['emoji only', '😀🎉🔥💰'],
    ['SQL-looking', "'; DROP TABLE users; -- SELECT * FROM conversions"],
    ['malformed URL', 'http:// https://item.jd.com/.html item.taobao.com/item.htm?id=abc'],
    ['unknown host', 'https://item.taobao.com.example.org/item.htm?id=678901234567'],
  ])('%s gets a short hint and writes nothing', async (_name, text) => {
    const frank = f.bot.contact('Frank')
    const replies = await f.bot.say(frank, text)
    expect(replies).toHaveLength(1)
    expect(replies[0]?.text.length).toBeLessThan(200)
    expect(await rowsFor(frank.id)).toEqual({ users: [], conversions: [] })
  })
})

describe('groups', () => {
  it('converts a member’s link in the group, @-mentions them and attributes it to them', async () => {
    const owner = f.bot.contact('群主')
    const member = f.bot.contact('Gina')
    const room = f.bot.room('省钱群', owner, [member])
    const key = findKey('pdd', (k) => simItem('pdd', k).inProgram)
    const replies = await f.bot.say(member, `https://mobile.yangkeduo.com/goods2.html?goods_id=${key}`, room)
    expect(replies).toHaveLength(1)
    expect(replies[0]?.conversationId).toBe(room.id)
    expect(replies[0]?.text.startsWith('@Gina ')).toBe(true)
    expect(replies[0]?.text).toContain(simItem('pdd', key).title)
    const { conversions } = await rowsFor(member.id)
    expect(conversions).toHaveLength(1)
    expect(conversions[0]?.room_id).toBe(room.id)
    expect((await rowsFor(owner.id)).conversions).toHaveLength(0)
  })

  it('stays silent on chatter and commands in a group', async () => {
    const owner = f.bot.contact('Hank')
    const room = f.bot.room('闲聊群', owner)
    expect(await f.bot.say(owner, '大家早上好', room)).toEqual([])
    expect(await f.bot.say(owner, '帮助', room)).toEqual([])
    expect(await f.bot.say(owner, '', room)).toEqual([])
  })
})

describe('platform failures', () => {
  const jdItem = (): string => findKey('jd', (k) => simItem('jd', k).inProgram)

  it.each([
    ['unavailable', '京东暂时连不上，请稍后再试。'],
    ['rate-limit', '京东接口繁忙，请稍后再试。'],
    ['http-500', '京东暂时连不上，请稍后再试。'],
    ['not-json', '京东暂时连不上，请稍后再试。'],
    ['timeout', '京东暂时连不上，请稍后再试。'],
  ] as const)('%s: a clear reply for the user, a log line for the operator, nothing written', async (fault, text) => {
    const ivy = f.bot.contact('Ivy')
    f.sim.state.injectFault('jd', fault, 10)
    try {
      const logsBefore = f.logs.length
      const replies = await f.bot.say(ivy, `https://item.jd.com/${jdItem()}.html`)
      expect(replies.map((r) => r.text)).toEqual([text])
      expect(f.logs.slice(logsBefore).some((l) => l.includes('[conversion]') && l.includes('jd'))).toBe(true)
      expect((await rowsFor(ivy.id)).conversions).toHaveLength(0)
    } finally {
      f.sim.state.clearFaults()
    }
  })

  it('recovers by itself from one transient failure', async () => {
    const jack = f.bot.contact('Jack')
    f.sim.state.injectFault('jd', 'rate-limit', 1)
    const [reply] = await f.bot.say(jack, `https://item.jd.com/${jdItem()}.html`)
    expect(reply?.text).toContain('【京东】')
  })

  it('a PDD shopper who has not done 授权备案 gets the authorization link and one line, and converts once authorized', async () => {
    const nina = f.bot.contact('Nina')
    const key = findKey('pdd', (k) => simItem('pdd', k).inProgram)
    const link = `https://mobile.yangkeduo.com/goods.html?goods_id=${key}`
    f.sim.state.settings.pddUserAuthorization = true
    try {
      const [asked] = await f.bot.say(nina, link)
      expect(asked?.text).toMatch(/^拼多多要求先授权一次才能领券返利：请打开 http:\/\/127\.0\.0\.1:\d+\/pdd\/authorize\/\S+ 完成授权，授权后再发一次链接。$/)
      const { users, conversions } = await rowsFor(nina.id)
      expect(conversions).toHaveLength(0)
      expect(f.sim.state.pddAuthorized.has(users[0]?.attribution_id ?? '')).toBe(false)

      const url = /请打开 (\S+) 完成授权/.exec(asked?.text ?? '')?.[1] ?? ''
      expect((await fetch(url)).status).toBe(200)
      expect(f.sim.state.pddAuthorized.has(users[0]?.attribution_id ?? '')).toBe(true)
      const [converted] = await f.bot.say(nina, link)
      expect(converted?.text).toContain(`【拼多多】${simItem('pdd', key).title}`)
      expect((await rowsFor(nina.id)).conversions).toHaveLength(1)
    } finally {
      f.sim.state.settings.pddUserAuthorization = false
    }
  })

  it('a wrong key tells the user to try later and logs an error for the operator', async () => {
    const kim = f.bot.contact('Kim')
    const original = f.sim.state.credentials.pdd
    f.sim.state.credentials.pdd = { ...original, secret: 'rotated-secret' }
    try {
      const logsBefore = f.logs.length
      const [reply] = await f.bot.say(kim, `https://mobile.yangkeduo.com/goods.html?goods_id=${findKey('pdd', (k) => simItem('pdd', k).inProgram)}`)
      expect(reply?.text).toBe('拼多多转链服务暂时不可用，请稍后再试。')
      expect(f.logs.slice(logsBefore).some((l) => l.includes('ERROR') && l.includes('pdd'))).toBe(true)
    } finally {
      f.sim.state.credentials.pdd = original
    }
  })
})

describe('group owners', () => {
  it('the owner configures pushes and rebates; anyone else gets no effect', async () => {
    const owner = f.bot.contact('团长')
    const member = f.bot.contact('Lily')
    const room = f.bot.room('好物分享群', owner, [member])
    const [refused] = await f.bot.say(member, '定时发单 09:00,20:00', room)
    expect(refused?.text).toBe('只有群主或机器人的运营者可以设置本群的返利和发单。')
    expect(await f.database.db.selectFrom('groups').selectAll().where('room_id', '=', room.id).execute()).toEqual([])

    const [scheduled] = await f.bot.say(owner, '定时发单 09:00,12:30,20:00', room)
    expect(scheduled?.conversationId).toBe(room.id)
    expect(scheduled?.text).toContain('定时发单已设置')
    expect(scheduled?.text).toMatch(/下次发单：\d\d\/\d\d \d\d:\d\d/)
    const [badTime] = await f.bot.say(owner, '定时发单 25:00', room)
    expect(badTime?.text).toContain('不是有效的时间')
    const [badCron] = await f.bot.say(owner, '定时发单 0 9 * *', room)
    expect(badCron?.text).toContain('cron')
    const [badCategory] = await f.bot.say(owner, '发单类目 美妆 火箭', room)
    expect(badCategory?.text).toContain('没有「火箭」这个类目')
    await f.bot.say(owner, '发单类目 美妆 数码', room)
    const [paused] = await f.bot.say(owner, '暂停发单', room)
    expect(paused?.text).toContain('（已暂停）')
    const group = await f.database.db.selectFrom('groups').selectAll().where('room_id', '=', room.id).executeTakeFirstOrThrow()
    expect(group).toMatchObject({
      owner_contact_id: owner.id,
      push_schedules: ['0 9 * * *', '30 12 * * *', '0 20 * * *'],
      push_categories: ['美妆', '数码'],
      push_paused: true,
      rebate_enabled: true,
    })

    const [off] = await f.bot.say(owner, '关闭返利', room)
    expect(off?.text).toContain('已关闭')
    const key = findKey('jd', (k) => simItem('jd', k).inProgram)
    expect(await f.bot.say(member, `https://item.jd.com/${key}.html`, room)).toEqual([])
    await f.bot.say(owner, '开启返利', room)
    const [converted] = await f.bot.say(member, `https://item.jd.com/${key}.html`, room)
    expect(converted?.text).toContain('@Lily')
    const [settings] = await f.bot.say(owner, '发单设置', room)
    expect(settings?.text).toContain('群内转链返利：开启')
  })
})

describe('hand-picked pushes and the owner report', () => {
  it('推送 <link> converts with the owner’s attribution and queues the card for each of their groups', async () => {
    const owner = f.bot.contact('Mia')
    const roomA = f.bot.room('A群', owner)
    const roomB = f.bot.room('B群', owner)
    await f.bot.say(owner, '发单设置', roomA)
    await f.bot.say(owner, '发单设置', roomB)
    const key = findKey('jd', (k) => simItem('jd', k).inProgram && simItem('jd', k).coupon !== null)
    const [reply] = await f.bot.say(owner, `推送 https://item.jd.com/${key}.html`)
    expect(reply?.text).toMatch(/^已安排推送 1 个商品到 2 个群：/)
    const pushes = f.queued.filter((q) => q.kind === 'push' && (q.to === roomA.id || q.to === roomB.id))
    expect(pushes).toHaveLength(2)
    expect(pushes[0]?.text).toContain(simItem('jd', key).title)
    expect(pushes[0]?.text).toMatch(/领券购买：https:\/\/u\.jd\.com\//)

    const [noLink] = await f.bot.say(owner, '推送 今天的好物')
    expect(noLink?.text).toContain('推送后面请跟商品链接')
    const stranger = f.bot.contact('Ned')
    const [notOwner] = await f.bot.say(stranger, `推送 https://item.jd.com/${key}.html`)
    expect(notOwner?.text).toBe(PUSH_NOT_OWNER_TEXT)

    const [report] = await f.bot.say(owner, '发单报表')
    // The hand-picked push is in the report: one item into each of the two groups.
    expect(report?.text).toMatch(
      /^发单报表（2个群）：\n【昨天】推送0次，浏览0次（0人），复制\/打开0次\n订单0笔，成交¥0\.00，佣金¥0\.00（已结算¥0\.00）\n点击率—，转化率—，每次点击—\n【本月】推送2次，/,
    )
  })

  it('a member of the owner’s group gets the owner-only line for 推送, nothing is pushed, and the group hears nothing', async () => {
    const owner = f.bot.contact('Quinn')
    const member = f.bot.contact('Rae')
    const room = f.bot.room('R群', owner, [member])
    await f.bot.say(owner, '发单设置', room)
    const key = findKey('jd', (k) => simItem('jd', k).inProgram)
    const queuedBefore = f.queued.length
    const [direct] = await f.bot.say(member, `推送 https://item.jd.com/${key}.html`)
    expect(direct?.text).toBe('「推送」只有群主能用，我这里还没有你当群主的群。如果你是群主：把我拉进群，在群里发一次「发单设置」，再私聊我「推送 商品链接」。')
    expect(direct?.text).not.toContain('管理员')
    expect(await f.bot.say(member, `推送 https://item.jd.com/${key}.html`, room)).toEqual([])
    expect(f.queued.length).toBe(queuedBefore)
  })

  it('推送 with several links pushes each convertible one and says which link could not be pushed', async () => {
    const owner = f.bot.contact('Noa')
    const room = f.bot.room('N群', owner)
    await f.bot.say(owner, '发单设置', room)
    const good = findKey('jd', (k) => simItem('jd', k).inProgram && simItem('jd', k).coupon !== null)
    const bad = findKey('jd', (k) => !simItem('jd', k).inProgram)
    const [reply] = await f.bot.say(owner, `推送 https://item.jd.com/${good}.html https://item.jd.com/${bad}.html`)
    expect(reply?.text.split('\n')[0]).toMatch(/^已安排推送 1 个商品到 1 个群：/)
    expect(reply?.text).toContain(`第1个链接：「${simItem('jd', good).title}」`)
    expect(reply?.text).toContain('第2个链接：没有推送：这个商品不在推广计划内')
    expect(f.queued.filter((q) => q.kind === 'push' && q.to === room.id)).toHaveLength(1)
  })
})

describe('several links in one message', () => {
  it('a failure says which link it is about, and links past the limit are not dropped silently', async () => {
    const good = findKey('jd', (k) => simItem('jd', k).inProgram)
    const bad = findKey('jd', (k) => !simItem('jd', k).inProgram)
    const [two] = await f.bot.say(f.bot.contact('Ola'), `https://item.jd.com/${good}.html\nhttps://item.jd.com/${bad}.html`)
    expect(two?.text).toContain('【京东】')
    expect(two?.text).toContain('第2个链接（京东）：这个商品不在推广计划内')
    const seven = Array.from({ length: 7 }, (_, i) => `https://item.jd.com/${Number(good) + i}.html`).join('\n')
    const [many] = await f.bot.say(f.bot.contact('Pia'), seven)
    expect(many?.text).toContain('一次最多处理5个链接，后面的链接请分开再发。')
  })
})
