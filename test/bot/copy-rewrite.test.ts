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

function findKey(platform: 'jd' | 'pdd' | 'taobao', test: (key: string) => boolean): string {
  for (let n = 100_000_000_000; ; n++) if (test(String(n))) return String(n)
}

/** A foreign short-link or 口令 reference the simulator resolves to an item in the program. */
function foreignRef(platform: 'jd' | 'pdd' | 'taobao', shape: (n: number) => string): string {
  for (let n = 0; ; n++) {
    const ref = shape(n)
    const resolved = f.sim.state.resolveForeign(platform, ref)
    if (resolved !== 'expired' && simItem(platform, resolved.itemKey).inProgram) return ref
  }
}

async function rowsFor(contactId: string) {
  return f.database.db
    .selectFrom('conversions')
    .innerJoin('users', 'users.id', 'conversions.user_id')
    .select(['conversions.platform', 'conversions.item_id', 'conversions.promo_url', 'conversions.tpwd', 'conversions.attribution_id', 'users.attribution_id as user_attribution'])
    .where('users.contact_id', '=', contactId)
    .orderBy('conversions.id')
    .execute()
}

describe('转链 <copy text>', () => {
  it('gives a 3-platform copy back with every link ours, the unconvertible ones marked in place and listed below', async () => {
    const owner = f.bot.contact('CopyOwner')
    const jdRef = foreignRef('jd', (n) => `Jd${String(n).padStart(5, '0')}Ab`)
    const pddRef = foreignRef('pdd', (n) => `Pd${String(n).padStart(5, '0')}Xy`)
    const tbCode = foreignRef('taobao', (n) => `Tb${String(n).padStart(4, '0')}KmQzW`)
    const outside = findKey('jd', (k) => !simItem('jd', k).inProgram)
    const copy = [
      '【今日好价】🔥🔥 手慢无！',
      '1. 京东 补水面膜，到手9.9 👉https://u.jd.com/' + jdRef,
      '2. 拼多多 抽纸24包（券后12.8）https://p.pinduoduo.com/' + pddRef,
      `3. 淘宝 零食大礼包 ￥${tbCode}￥ CZ3457`,
      `4. 京东 同款面膜 https://item.jd.com/${outside}.html`,
      '5. 别家 https://y-03.cn/aBc123',
      '',
      '再发一遍第1个：https://u.jd.com/' + jdRef,
    ].join('\n')

    const promosBefore = f.sim.state.issuedPromos().length
    const replies = await f.bot.say(owner, `转链\n${copy}`)

    const rows = await rowsFor(owner.id)
    // One platform call and one conversion per distinct convertible link: the repeated JD link converts once.
    expect(rows.map((r) => r.platform).sort()).toEqual(['jd', 'pdd', 'taobao'])
    for (const row of rows) expect(row.attribution_id).toBe(row.user_attribution)
    const ours = (platform: string) => rows.find((r) => r.platform === platform)
    const jd = ours('jd')?.promo_url
    const pdd = ours('pdd')?.promo_url
    const tb = ours('taobao')?.tpwd
    expect(tb).toMatch(/^￥[0-9A-Za-z]{11}￥$/)
    expect(replies.map((r) => r.text)).toEqual([
      [
        '【今日好价】🔥🔥 手慢无！',
        `1. 京东 补水面膜，到手9.9 👉${jd}`,
        `2. 拼多多 抽纸24包（券后12.8）${pdd}`,
        `3. 淘宝 零食大礼包 ${tb} CZ3457`,
        '4. 京东 同款面膜 [此链接无法转换]',
        '5. 别家 [此链接无法转换]',
        '',
        `再发一遍第1个：${jd}`,
        '',
        '————————',
        '以下2处无法转换，已换成[此链接无法转换]，转发前请删掉或换成别的商品：',
        '第4处（京东链接）：这个商品不在推广计划内，暂无优惠券和返利。',
        '第5处（其他网址）：不是淘宝/京东/拼多多的商品链接，无法换成你的链接。',
      ].join('\n'),
    ])
    // Three platform promo calls (the JD link twice in the copy is one), JD and PDD carrying the owner's attribution id.
    const issued = f.sim.state.issuedPromos().slice(promosBefore)
    expect(issued.map((p) => p.platform).sort()).toEqual(['jd', 'pdd', 'taobao'])
    for (const p of issued.filter((p) => p.platform !== 'taobao')) expect(p.attributionId).toBe(rows[0]?.user_attribution)
  })

  it('marks an expired competitor link and a platform outage in place, and converts the rest', async () => {
    const who = f.bot.contact('CopyOutage')
    let expiredRef = ''
    for (let n = 0; !expiredRef; n++) if (f.sim.state.resolveForeign('jd', `Ex${n}pired`) === 'expired') expiredRef = `Ex${n}pired`
    const tbKey = findKey('taobao', (k) => simItem('taobao', k).inProgram)
    const pddKey = findKey('pdd', (k) => simItem('pdd', k).inProgram)
    f.sim.state.injectFault('pdd', 'unavailable', 10)
    try {
      const [reply] = await f.bot.say(
        who,
        [
          '转链 别家京东：https://u.jd.com/' + expiredRef,
          `拼多多：https://mobile.yangkeduo.com/goods.html?goods_id=${pddKey}`,
          `淘宝：https://detail.tmall.com/item.htm?id=${tbKey}`,
        ].join('\n'),
      )
      const rows = await rowsFor(who.id)
      expect(rows.map((r) => r.platform)).toEqual(['taobao'])
      expect(reply?.text).toBe(
        [
          '别家京东：[此链接无法转换]',
          '拼多多：[此链接无法转换]',
          `淘宝：${rows[0]?.promo_url}`,
          '',
          '————————',
          '以下2处无法转换，已换成[此链接无法转换]，转发前请删掉或换成别的商品：',
          '第1处（京东链接）：这个京东链接或口令已失效或无法识别，请在App里重新复制分享后再发给我。',
          '第2处（拼多多链接）：拼多多暂时连不上，请稍后再试。',
        ].join('\n'),
      )
    } finally {
      f.sim.state.clearFaults()
    }
  })

  it.each([
    ['a full-width colon', '转链：'],
    ['a space', '转链 '],
    ['nothing', '转链'],
  ])('takes the copy after %s', async (_name, prefix) => {
    const who = f.bot.contact(`CopyPrefix${prefix.length}${prefix.at(-1) ?? ''}`)
    const key = findKey('pdd', (k) => simItem('pdd', k).inProgram)
    const [reply] = await f.bot.say(who, `${prefix}【拼多多】好价 https://mobile.yangkeduo.com/goods.html?goods_id=${key}`)
    const [row] = await rowsFor(who.id)
    expect(reply?.text).toBe(`【拼多多】好价 ${row?.promo_url}`)
  })

  it('converts the first 20 distinct links of a 50-link copy, marks the rest and says so', async () => {
    const who = f.bot.contact('CopyFifty')
    const keys: string[] = []
    for (let n = 100_000_000_000; keys.length < 50; n++) if (simItem('jd', String(n)).inProgram) keys.push(String(n))
    const copy = keys.map((k, i) => `${i + 1}号 https://item.jd.com/${k}.html`).join('\n')
    const [reply] = await f.bot.say(who, `转链 ${copy}`)
    const rows = await rowsFor(who.id)
    expect(rows).toHaveLength(20)
    const lines = (reply?.text ?? '').split('\n')
    lines.slice(0, 20).forEach((line, i) => expect(line).toBe(`${i + 1}号 ${rows.find((r) => r.item_id === keys[i])?.promo_url}`))
    lines.slice(20, 50).forEach((line, i) => expect(line).toBe(`${i + 21}号 [链接太多未转换]`))
    expect(lines.slice(50)).toEqual(['', '————————', '一次最多转换20个链接，另外30个已标为[链接太多未转换]，请把后面的部分分开再发。'])
  })

  it.each([
    ['an empty copy', '转链', '用法：转链 + 整段文案'],
    ['a copy without links', '转链 今天没有好价，明天见', '这段文案里没有找到链接或淘口令'],
    ['1 MB of copy', `转链 ${'好价 https://item.jd.com/100038004359.html '.repeat(25_000)}`, '文案太长了（超过5000字），这次没有转换'],
  ])('%s: a clear line and nothing converted', async (_name, text, start) => {
    const who = f.bot.contact(`CopyBad${text.length}`)
    const started = Date.now()
    const replies = await f.bot.say(who, text)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(replies).toHaveLength(1)
    expect(replies[0]?.text.startsWith(start)).toBe(true)
    expect(await rowsFor(who.id)).toEqual([])
  })

  it('is a direct-chat command: silence in a group', async () => {
    const owner = f.bot.contact('CopyGroupOwner')
    const room = f.bot.room('转链群', owner)
    expect(await f.bot.say(owner, '转链 https://u.jd.com/AbC1234', room)).toEqual([])
  })
})

describe('转链 with LANDING_PAGES=on', () => {
  let on: BotFixture
  beforeAll(async () => {
    on = await startBotFixture({ LANDING_PAGES: 'on', PUBLIC_BASE_URL: 'https://r.example' })
    on.sim.state.settings.pddUserAuthorization = false
  })
  afterAll(async () => {
    await on.close()
  })

  it('every link and 口令 becomes the sender’s landing short link', async () => {
    const who = on.bot.contact('CopyLanding')
    const keys = {
      taobao: findKey('taobao', (k) => simItem('taobao', k).inProgram),
      jd: findKey('jd', (k) => simItem('jd', k).inProgram),
      pdd: findKey('pdd', (k) => simItem('pdd', k).inProgram),
    }
    const copy = [
      `淘宝：https://item.taobao.com/item.htm?id=${keys.taobao}`,
      `京东：item.jd.com/${keys.jd}.html`,
      `拼多多👉https://mobile.yangkeduo.com/goods.html?goods_id=${keys.pdd}！`,
    ].join('\n')
    const [reply] = await on.bot.say(who, `转链 ${copy}`)
    const links = await on.database.db
      .selectFrom('short_links')
      .innerJoin('users', 'users.id', 'short_links.user_id')
      .select(['short_links.platform', 'short_links.code', 'short_links.kind'])
      .where('users.contact_id', '=', who.id)
      .execute()
    expect(links.map((l) => [l.platform, l.kind]).sort()).toEqual([['jd', 'reply'], ['pdd', 'reply'], ['taobao', 'reply']])
    const page = (platform: string) => `https://r.example/s/${links.find((l) => l.platform === platform)?.code}`
    expect(reply?.text).toBe([`淘宝：${page('taobao')}`, `京东：${page('jd')}`, `拼多多👉${page('pdd')}！`].join('\n'))
  })
})
