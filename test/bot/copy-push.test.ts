import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUSH_NOT_OWNER_TEXT } from '../../src/deals/owner-commands.text.js'
import { simItem } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture({ LANDING_PAGES: 'on', PUBLIC_BASE_URL: 'https://r.example' })
  f.sim.state.settings.jdTier = 'advanced'
  f.sim.state.settings.pddUserAuthorization = false
})
afterAll(async () => {
  await f.close()
})

/** Item keys in the program, each used once in this file (the database is shared with other files). */
const used = new Set<string>()
function itemKey(platform: 'jd' | 'pdd' | 'taobao', test: (key: string) => boolean = (k) => simItem(platform, k).inProgram): string {
  for (let n = 300_000_000_000 + (Date.now() % 1_000_000) * 1000; ; n++) {
    const key = String(n)
    if (!used.has(`${platform}:${key}`) && test(key)) {
      used.add(`${platform}:${key}`)
      return key
    }
  }
}

async function ownerWithGroups(name: string, groups: readonly string[]) {
  const tag = String(Date.now() % 1_000_000)
  const owner = f.bot.contact(`${name}${tag}`)
  const names = groups.map((g) => `${g}${tag}`)
  const rooms = names.map((name) => f.bot.room(name, owner))
  // A group is the owner's once they sent a group command there.
  for (const room of rooms) await f.bot.say(owner, '发单设置', room)
  return { owner, rooms, names }
}

const pushesTo = (rooms: readonly { id: string }[], from: number) => f.queued.slice(from).filter((q) => q.kind === 'push' && rooms.some((r) => r.id === q.to))
const LANDING = /https:\/\/r\.example\/s\/[0-9A-Za-z]{12}/g

describe('推送 <copy text>', () => {
  it('pushes the copy to each of the owner’s groups, each with its own landing links, from one conversion per link', async () => {
    const { owner, rooms, names } = await ownerWithGroups('文案群主', ['文案一群', '文案二群'])
    const keys = { jd: itemKey('jd'), pdd: itemKey('pdd'), taobao: itemKey('taobao') }
    const copy = [
      '【今晚好价】🔥',
      `1. 京东 https://item.jd.com/${keys.jd}.html 到手价见页面`,
      `2. 拼多多👉https://mobile.yangkeduo.com/goods.html?goods_id=${keys.pdd}！`,
      `3. 淘宝：https://item.taobao.com/item.htm?id=${keys.taobao}`,
      '手慢无～',
    ].join('\n')
    const mark = f.queued.length

    const [reply] = await f.bot.say(owner, `推送 ${copy}`)

    expect(reply?.text.split('\n')[0]).toBe(`已安排推送这段文案到 2 个群：${[...names].sort().join('、')}（按发送节奏陆续发出）。`)
    expect(reply?.text.split('\n')[1]).toBe('文案里的3个商品：')
    for (const platform of ['jd', 'pdd', 'taobao'] as const) expect(reply?.text).toContain(simItem(platform, keys[platform]).title)

    // One conversion per link, for the owner, as a push.
    const conversions = await f.database.db
      .selectFrom('conversions')
      .innerJoin('users', 'users.id', 'conversions.user_id')
      .select(['conversions.platform', 'conversions.purpose'])
      .where('users.contact_id', '=', owner.id)
      .execute()
    expect(conversions.map((c) => [c.platform, c.purpose]).sort()).toEqual([['jd', 'push'], ['pdd', 'push'], ['taobao', 'push']])

    const pushes = pushesTo(rooms, mark)
    expect(pushes.map((p) => p.to).sort()).toEqual(rooms.map((r) => r.id).sort())
    const links = await f.database.db
      .selectFrom('short_links')
      .select(['room_id', 'slot', 'platform', 'code', 'kind'])
      .where('room_id', 'in', rooms.map((r) => r.id))
      .execute()
    expect(links).toHaveLength(6)
    for (const push of pushes) {
      const mine = links.filter((l) => l.room_id === push.to)
      const url = (platform: string) => `https://r.example/s/${mine.find((l) => l.platform === platform)?.code}`
      // The wording as written; each link this group's own landing link.
      expect(push.text).toBe(
        ['【今晚好价】🔥', `1. 京东 ${url('jd')} 到手价见页面`, `2. 拼多多👉${url('pdd')}！`, `3. 淘宝：${url('taobao')}`, '手慢无～'].join('\n'),
      )
      for (const link of mine) expect(link.slot?.startsWith(`${push.slot}#`)).toBe(true)
    }
    const [a, b] = pushes.map((p) => [...p.text.matchAll(LANDING)].map((m) => m[0]))
    expect(a).toHaveLength(3)
    expect(a?.some((u) => b?.includes(u))).toBe(false)

    // The history: one row per group × item, in the post's slot (发单报表 counts them; an outbox drop marks them all).
    const history = await f.database.db.selectFrom('push_history').select(['room_id', 'slot', 'platform']).where('room_id', 'in', rooms.map((r) => r.id)).execute()
    expect(history).toHaveLength(6)
    for (const row of history) expect(row.slot.startsWith(`${pushes.find((p) => p.to === row.room_id)?.slot}#`)).toBe(true)
    const [report] = await f.bot.say(owner, '发单报表')
    expect(report?.text).toMatch(/【本月】推送6次，/)

    // Sent again within the minute: the same post, nothing new is queued.
    const again = f.queued.length
    await f.bot.say(owner, `推送 ${copy}`)
    expect(pushesTo(rooms, again)).toEqual([])
  })

  it('refuses a copy with a part that cannot be the owner’s: nothing queued, the owner gets the list', async () => {
    const { owner, rooms } = await ownerWithGroups('外链群主', ['外链一群', '外链二群'])
    const outside = itemKey('jd', (k) => !simItem('jd', k).inProgram)
    const copy = [`好物 https://item.jd.com/${itemKey('jd')}.html`, '别家 https://y-03.cn/aBc123', `京东 https://item.jd.com/${outside}.html 速度`].join('\n')
    const mark = f.queued.length
    const [reply] = await f.bot.say(owner, `推送 ${copy}`)
    expect(reply?.text.split('\n')).toEqual([
      '这段文案没有推送（一个群都没有发）：里面有不能换成你的链接的部分，发出去会让买家走别人的链接。',
      '以下2处无法转换：',
      '第2处（其他网址）：不是淘宝/京东/拼多多的商品链接，无法换成你的链接。',
      expect.stringMatching(/^第3处（京东链接）：/),
      '请删掉这些链接或换成别的商品，再发「推送 文案」。',
    ])
    expect(pushesTo(rooms, mark)).toEqual([])
    expect(await f.database.db.selectFrom('push_history').select('id').where('room_id', 'in', rooms.map((r) => r.id)).execute()).toEqual([])

    // Pinduoduo wants the owner authorized (授权备案) first: the reply carries the 授权 link, nothing is queued.
    f.sim.state.settings.pddUserAuthorization = true
    try {
      const [auth] = await f.bot.say(owner, `推送 拼多多好价 https://mobile.yangkeduo.com/goods.html?goods_id=${itemKey('pdd')}`)
      expect(auth?.text.split('\n')[2]).toMatch(/^第1处（拼多多链接）：拼多多要求先授权一次才能领券返利：请打开 https:\/\/r\.example\/a\/[0-9A-Za-z]{12} 完成授权/)
    } finally {
      f.sim.state.settings.pddUserAuthorization = false
    }
    expect(pushesTo(rooms, mark)).toEqual([])
  })

  it('refuses a copy of 50 links (20 at most), and answers a non-owner with the owner-only line', async () => {
    const { owner, rooms } = await ownerWithGroups('长文群主', ['长文一群'])
    const copy = Array.from({ length: 50 }, (_, i) => `${i + 1}. 好物 https://item.jd.com/${itemKey('jd')}.html`).join('\n')
    const mark = f.queued.length
    const [reply] = await f.bot.say(owner, `推送 ${copy}`)
    expect(reply?.text).toContain('一次最多推送20个链接，这段文案多了30个，请分成几段再发。')
    expect(reply?.text.startsWith('这段文案没有推送')).toBe(true)
    expect(pushesTo(rooms, mark)).toEqual([])

    const stranger = f.bot.contact(`路人${Date.now() % 1_000_000}`)
    const [notOwner] = await f.bot.say(stranger, `推送 今晚好价 https://item.jd.com/${itemKey('jd')}.html`)
    expect(notOwner?.text).toBe(PUSH_NOT_OWNER_TEXT)
    // Bare links keep the deal-card push; 推送 alone keeps its usage line.
    const [bare] = await f.bot.say(owner, `推送 https://item.jd.com/${itemKey('jd')}.html`)
    expect(bare?.text).toMatch(/^已安排推送 1 个商品到 1 个群：/)
    // So does one item shared from the app (its share text: 【京东】, 「title」, "点击链接直接打开"): a deal card, not the app's words.
    const shareMark = f.queued.length
    const [share] = await f.bot.say(owner, `推送 【京东】https://item.jd.com/${itemKey('jd')}.html 「小米充电宝」\n点击链接直接打开`)
    expect(share?.text).toMatch(/^已安排推送 1 个商品到 1 个群：/)
    const sharePushes = pushesTo(rooms, shareMark)
    expect(sharePushes).toHaveLength(1)
    expect(sharePushes[0]?.text).not.toContain('点击链接直接打开')
    const [alone] = await f.bot.say(owner, '推送')
    expect(alone?.text).toContain('推送后面请跟商品链接')
    // 1 MB of copy: answered at once, nothing converted or queued.
    const huge = f.queued.length
    const [tooLong] = await f.bot.say(owner, `推送 好价 https://item.jd.com/${itemKey('jd')}.html ${'文'.repeat(1_000_000)}`)
    expect(tooLong?.text).toBe('文案太长了（超过5000字），这次没有转换。请分成几段，每段不超过5000字再发。')
    expect(pushesTo(rooms, huge)).toEqual([])
  })
})
