import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GROUP_COMMAND_IN_DIRECT_CHAT_TEXT } from '../../src/groups/group.text.js'
import { pushDropped } from '../../src/deals/push-drops.service.js'
import { relayMessage } from '../../src/relay/relay.service.js'
import { simItem } from '../../src/simulator/catalog.js'
import { startBotFixture, type BotFixture } from '../support/bot-fixture.js'
import { seedOrder } from '../support/funnel-factory.js'

let f: BotFixture
beforeAll(async () => {
  f = await startBotFixture()
  f.sim.state.settings.jdTier = 'advanced'
  // The owner is not 备案'd on Pinduoduo in the simulator otherwise: their PDD links would need authorization first.
  f.sim.state.settings.pddUserAuthorization = false
})
afterAll(async () => {
  await f.close()
})

/** Item keys the simulator has, each used once in this file so the shared database's history never dedupes them. */
const used = new Set<string>()
function itemKey(platform: 'jd' | 'pdd', test: (key: string) => boolean): string {
  for (let n = 200_000_000_000 + (Date.now() % 1_000_000) * 1000; ; n++) {
    const key = String(n)
    if (!used.has(key) && test(key)) {
      used.add(key)
      return key
    }
  }
}
const jdUrl = (key: string) => `https://item.jd.com/${key}.html`
const pddUrl = (key: string) => `https://mobile.yangkeduo.com/goods.html?goods_id=${key}`
const inProgram = (platform: 'jd' | 'pdd') => itemKey(platform, (k) => simItem(platform, k).inProgram)

describe('线报转发', () => {
  it('relays source copies with the owner’s links to the owner’s relay groups: filters, dedupe, loops, silence, unconvertible copies', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`转发群主${tag}`)
    const other = f.bot.contact(`另一群主${tag}`)
    const poster = f.bot.contact(`线报员${tag}`)
    const sourceOwner = f.bot.contact(`来源群主${tag}`)
    const s1 = f.bot.room(`线报一群${tag}`, sourceOwner, [poster])
    const s2 = f.bot.room(`线报二群${tag}`, sourceOwner, [poster])
    const t1 = f.bot.room(`福利一群${tag}`, owner)
    const t2 = f.bot.room(`福利二群${tag}`, owner)
    const t3 = f.bot.room(`福利三群${tag}`, owner)
    const otherTarget = f.bot.room(`别人的群${tag}`, other)
    const said = async (who: Parameters<BotFixture['bot']['say']>[0], text: string, room?: Parameters<BotFixture['bot']['say']>[2]) =>
      (await f.bot.say(who, text, room)).map((m) => m.text)
    const pushesTo = (rooms: readonly { id: string }[], from: number) => f.queued.slice(from).filter((q) => q.kind === 'push' && rooms.some((r) => r.id === q.to))

    // The bot learns the source groups from their first message; nobody answers chatter.
    expect(await said(poster, '大家早', s1)).toEqual([])
    expect(await said(poster, '大家早', s2)).toEqual([])

    // Setup by the owner, in one of their groups.
    expect(await said(owner, '转发来源', t1)).toEqual(['还没有转发来源。发送「转发来源 群名或联系人名」添加。'])
    for (const room of [t1, t2, t3]) expect((await said(owner, '开启转发', room))[0]).toMatch(/^已开启：/)
    expect(await said(owner, `转发来源 线报一群${tag}`, t1)).toEqual([
      `已添加转发来源「线报一群${tag}」（群）。\n转发来源：\n1. 线报一群${tag}（群）\n发送「删除来源 序号」删除。`,
    ])
    await said(owner, `转发来源 线报二群${tag}`, t1)
    expect(await said(owner, `转发来源 没有这个群${tag}`, t1)).toEqual([
      `没有找到「没有这个群${tag}」：来源必须是机器人所在的群（群名要完全一致），或给机器人发过消息的联系人（昵称要完全一致）。`,
    ])
    expect(await said(owner, `转发来源 福利二群${tag}`, t1)).toEqual([`「福利二群${tag}」是你自己的群，会收到转发的线报，不能同时作为来源（会来回转发）。`])
    expect(await said(poster, `转发来源 福利二群${tag}`, t1)).toEqual(['只有本群群主可以设置线报转发。'])
    expect(await said(owner, '删除来源 7', t1)).toEqual(['请发送「删除来源 序号」，序号是1到2之间的数字，「7」不是。'])
    expect(await said(owner, '转发来源', t1)).toEqual([`转发来源：\n1. 线报一群${tag}（群）\n2. 线报二群${tag}（群）\n发送「删除来源 序号」删除。`])
    // Another owner relays the first owner's group: it is a relay target, so its messages are never relayed (no loop).
    expect((await said(other, '开启转发', otherTarget))[0]).toMatch(/^已开启：/)
    expect((await said(other, `转发来源 福利一群${tag}`, otherTarget))[0]).toMatch(/^已添加转发来源/)

    // 1. A copy in a source: silence there, one rewrite with the owner's attribution, queued to the three groups.
    const good = inProgram('jd')
    let mark = f.queued.length
    const copy = `@群友\u2005🔥京东好价 ${jdUrl(good)} 速度`
    expect(await said(poster, copy, s1)).toEqual([])
    const conversions = await f.database.db
      .selectFrom('conversions')
      .innerJoin('users', 'users.id', 'conversions.user_id')
      .select(['conversions.promo_url', 'conversions.attribution_id', 'users.attribution_id as user_attribution'])
      .where('users.contact_id', '=', owner.id)
      .execute()
    expect(conversions).toHaveLength(1)
    expect(conversions[0]?.attribution_id).toBe(conversions[0]?.user_attribution)
    const relayed = pushesTo([t1, t2, t3], mark)
    expect(relayed.map((p) => p.to).sort()).toEqual([t1.id, t2.id, t3.id].sort())
    for (const push of relayed) expect(push.text).toBe(`🔥京东好价 ${conversions[0]?.promo_url} 速度`)
    expect(pushesTo([s1, s2, otherTarget], mark)).toEqual([])

    // 2. The same item from the other source within RELAY_DEDUPE_HOURS: a duplicate in every group, nothing queued.
    mark = f.queued.length
    expect(await said(poster, `再发一次 ${jdUrl(good)}`, s2)).toEqual([])
    expect(pushesTo([t1, t2, t3], mark)).toEqual([])

    // 3. One link that cannot be the owner's (not in the program): the whole copy stays home.
    const outside = itemKey('jd', (k) => !simItem('jd', k).inProgram)
    mark = f.queued.length
    await said(poster, `两件好物 ${jdUrl(inProgram('jd'))} 和 ${jdUrl(outside)}`, s1)
    expect(pushesTo([t1, t2, t3], mark)).toEqual([])

    // 4. Filters: a junk value is refused and changes nothing; a platform filter stops a JD copy, lets a PDD one through.
    expect(await said(owner, '转发过滤 平台=拼多多 券=abc', t1)).toEqual([
      '「券=abc」金额不对（填元，最多两位小数，例如 券=5 或 佣金=0.5），过滤条件没有改动。\n用法：转发过滤 券=5 佣金=1 平台=京东,拼多多 屏蔽=酒,烟（金额单位元；平台=全部、屏蔽=无 取消该项；转发过滤 清空 取消全部）',
    ])
    expect((await said(owner, '转发过滤', t1))[0]).toContain('平台：全部')
    expect(await said(owner, '转发过滤 平台=拼多多 屏蔽=白酒', t1)).toEqual([
      '转发过滤已设置。\n转发过滤：\n最低优惠券：不限\n最低佣金：不限\n平台：拼多多\n屏蔽词：白酒',
    ])
    mark = f.queued.length
    await said(poster, `京东 ${jdUrl(inProgram('jd'))}`, s1)
    await said(poster, `白酒 ${pddUrl(inProgram('pdd'))}`, s1)
    expect(pushesTo([t1, t2, t3], mark)).toEqual([])
    await said(poster, `拼多多 ${pddUrl(inProgram('pdd'))}`, s2)
    expect(pushesTo([t1, t2, t3], mark)).toHaveLength(3)

    // 5. A group switched off receives nothing more.
    expect(await said(owner, '关闭转发', t3)).toEqual(['已关闭：本群不再收到转发的线报。'])
    mark = f.queued.length
    await said(poster, `拼多多 ${pddUrl(inProgram('pdd'))}`, s1)
    expect(pushesTo([t1, t2, t3], mark).map((p) => p.to).sort()).toEqual([t1.id, t2.id].sort())

    // 6. A link said in a target group that is also someone's source: the member gets the usual answer, nothing is relayed.
    mark = f.queued.length
    const inTarget = await said(poster, pddUrl(inProgram('pdd')), t1)
    expect(inTarget).toHaveLength(1)
    expect(pushesTo([otherTarget, t1, t2, t3], mark)).toEqual([])

    // 7. The source group's own owner switches link answers on: the source answers again (and still relays).
    await said(sourceOwner, '开启返利', s1)
    mark = f.queued.length
    const answered = await said(poster, `拼多多 ${pddUrl(inProgram('pdd'))}`, s1)
    expect(answered).toHaveLength(1)
    expect(answered[0]).toMatch(new RegExp(`^@线报员${tag} `))
    expect(pushesTo([t1, t2], mark)).toHaveLength(2)

    // 8. The report, per source: items relayed (per group), filtered, duplicates, and the owner's orders of relayed items
    // (the JD item came from source 1 first; source 2's copy of it was a duplicate). An order of an item never relayed counts nowhere.
    const ownerRow = await f.database.db.selectFrom('users').selectAll().where('contact_id', '=', owner.id).executeTakeFirstOrThrow()
    const order = { user: ownerRow, paidAt: new Date(), status: 'paid', paidFen: 9900, estimatedFen: 500 } as const
    await seedOrder(f.database.db, { ...order, platform: 'jd', itemId: good })
    await seedOrder(f.database.db, { ...order, platform: 'jd', itemId: outside })
    expect(await said(owner, '转发报表', t2)).toEqual([
      [
        '转发报表（商品条数）：',
        `1. 线报一群${tag}：已转发7，被过滤3，重复0，订单1`,
        `2. 线报二群${tag}：已转发3，被过滤0，重复3，订单0`,
      ].join('\n'),
    ])
    expect(await said(owner, '删除来源 1', t2)).toEqual([
      `已删除转发来源「线报一群${tag}」。\n转发来源：\n1. 线报二群${tag}（群）\n发送「删除来源 序号」删除。`,
    ])
  })

  it('relays a source contact’s direct messages, still answering them, and skips owners with no group switched on', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`私聊来源群主${tag}`)
    const idle = f.bot.contact(`没开转发的群主${tag}`)
    const feeder = f.bot.contact(`线报私聊${tag}`)
    const target = f.bot.room(`私聊转发目标${tag}`, owner)
    const idleRoom = f.bot.room(`没开转发${tag}`, idle)
    // A contact is known once they have talked to the bot (a converted link makes them a user).
    expect(await f.bot.say(owner, `转发来源 线报私聊${tag}`, target)).toEqual([
      { conversationId: target.id, text: `没有找到「线报私聊${tag}」：来源必须是机器人所在的群（群名要完全一致），或给机器人发过消息的联系人（昵称要完全一致）。` },
    ])
    expect(await f.bot.say(feeder, jdUrl(inProgram('jd')))).toHaveLength(1)
    await f.bot.say(owner, '开启转发', target)
    expect((await f.bot.say(owner, `转发来源 线报私聊${tag}`, target))[0]?.text).toBe(
      `已添加转发来源「线报私聊${tag}」（联系人）。\n转发来源：\n1. 线报私聊${tag}（联系人）\n发送「删除来源 序号」删除。`,
    )
    expect((await f.bot.say(idle, `转发来源 线报私聊${tag}`, idleRoom))[0]?.text).toMatch(/^已添加转发来源/)

    const mark = f.queued.length
    const conversionsBefore = await f.database.db.selectFrom('conversions').innerJoin('users', 'users.id', 'conversions.user_id').select('conversions.id').where('users.contact_id', '=', idle.id).execute()
    const replies = await f.bot.say(feeder, `今日好价 ${jdUrl(inProgram('jd'))}`)
    // The feeder's own direct chat is answered as before.
    expect(replies).toHaveLength(1)
    expect(replies[0]?.conversationId).toBe(feeder.id)
    const pushes = f.queued.slice(mark).filter((q) => q.kind === 'push')
    expect(pushes.map((p) => p.to)).toEqual([target.id])
    expect(pushes[0]?.text).toMatch(/^今日好价 https:\/\/u\.jd\.com\//)
    // The owner without a relay group gets nothing and spends no conversion.
    const conversionsAfter = await f.database.db.selectFrom('conversions').innerJoin('users', 'users.id', 'conversions.user_id').select('conversions.id').where('users.contact_id', '=', idle.id).execute()
    expect(conversionsAfter).toEqual(conversionsBefore)
  })

  it('finds a source group nobody has spoken in yet by asking the transport for the account’s groups, and relays from it', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`安静来源群主${tag}`)
    const poster = f.bot.contact(`安静线报员${tag}`)
    const quiet = f.bot.room(`安静线报群${tag}`, f.bot.contact(`别人${tag}`), [poster])
    const target = f.bot.room(`安静目标群${tag}`, owner)
    await f.bot.say(owner, '开启转发', target)
    expect(await f.database.db.selectFrom('groups').select('room_id').where('room_id', '=', quiet.id).execute()).toEqual([])
    expect((await f.bot.say(owner, `转发来源 安静线报群${tag}`, target)).map((m) => m.text)).toEqual([
      `已添加转发来源「安静线报群${tag}」（群）。\n转发来源：\n1. 安静线报群${tag}（群）\n发送「删除来源 序号」删除。`,
    ])
    // Recorded by name only: nobody owns it here.
    const recorded = await f.database.db.selectFrom('groups').select(['topic', 'owner_contact_id']).where('room_id', '=', quiet.id).executeTakeFirst()
    expect(recorded).toEqual({ topic: `安静线报群${tag}`, owner_contact_id: null })
    const mark = f.queued.length
    expect(await f.bot.say(poster, `好价 ${jdUrl(inProgram('jd'))}`, quiet)).toEqual([])
    expect(f.queued.slice(mark).filter((q) => q.kind === 'push').map((q) => q.to)).toEqual([target.id])
    // A name no group of the account has is still refused.
    expect((await f.bot.say(owner, `转发来源 没有这个群${tag}`, target))[0]?.text).toMatch(/^没有找到/)
  })

  it('says where a 线报转发 or group command goes when it is sent in a direct chat, and changes nothing', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`私聊发命令${tag}`)
    const room = f.bot.room(`私聊发命令的群${tag}`, owner)
    for (const text of [`转发来源 私聊发命令的群${tag}`, '开启转发', '转发报表', '定时发单 09:00', '开启返利']) {
      expect(await f.bot.say(owner, text)).toEqual([{ conversationId: owner.id, text: GROUP_COMMAND_IN_DIRECT_CHAT_TEXT }])
    }
    expect(await f.bot.say(owner, '转发来源', room)).toEqual([{ conversationId: room.id, text: '还没有转发来源。发送「转发来源 群名或联系人名」添加。' }])
  })

  it('relays an item posted in two sources at the same instant once per group; a relay the outbox drops is marked and may go again; 发单报表 counts relays', async () => {
    const tag = String(Date.now() % 1_000_000)
    const owner = f.bot.contact(`并发群主${tag}`)
    const poster = f.bot.contact(`并发线报员${tag}`)
    const sourceOwner = f.bot.contact(`并发来源群主${tag}`)
    const sources = [f.bot.room(`并发来源一${tag}`, sourceOwner, [poster]), f.bot.room(`并发来源二${tag}`, sourceOwner, [poster])]
    const targets = [f.bot.room(`并发目标一${tag}`, owner), f.bot.room(`并发目标二${tag}`, owner)]
    for (const s of sources) await f.bot.say(poster, '大家早', s)
    for (const t of targets) await f.bot.say(owner, '开启转发', t)
    for (const n of ['一', '二']) await f.bot.say(owner, `转发来源 并发来源${n}${tag}`, targets[0])
    const inSource = (i: number, text: string) => ({ contactId: poster.id, displayName: `并发线报员${tag}`, roomId: sources[i]?.id, roomTopic: `并发来源${i === 0 ? '一' : '二'}${tag}`, text })

    // Both sources at once, the same item in different words: the per-owner lock makes the second a duplicate everywhere.
    const item = inProgram('jd')
    let mark = f.queued.length
    const results = await Promise.all([relayMessage(f.chat, inSource(0, `好价 ${jdUrl(item)}`)), relayMessage(f.chat, inSource(1, `速度 ${jdUrl(item)} 冲`))])
    expect(results.map((r) => r.queued).sort()).toEqual([0, 2])
    const pushes = f.queued.slice(mark).filter((q) => q.kind === 'push' && targets.some((t) => t.id === q.to))
    expect(pushes.map((p) => p.to).sort()).toEqual(targets.map((t) => t.id).sort())
    const log = await f.database.db.selectFrom('relay_log').select(['room_id', 'outcome']).where('owner_contact_id', '=', owner.id).execute()
    expect(log.filter((r) => r.outcome === 'relayed')).toHaveLength(2)
    expect(log.filter((r) => r.outcome === 'duplicate')).toHaveLength(2)

    // Every relay is in the push history (one row per group × item, in the message's slot).
    const history = () => f.database.db.selectFrom('push_history').select(['room_id', 'slot', 'dropped_at']).where('room_id', 'in', targets.map((t) => t.id)).execute()
    expect((await history()).map((h) => h.slot.split('#')[0])).toEqual(expect.arrayContaining(pushes.map((p) => p.slot)))
    const [report] = await f.bot.say(owner, '发单报表')
    expect(report?.text).toMatch(/^发单报表（2个群）：[\s\S]*【本月】推送2次，/)

    // The outbox drops the relay into the first group (quiet hours in drop mode): its rows are marked, and the item may go there again.
    const first = pushes.find((p) => p.to === targets[0]?.id)
    await pushDropped(f.database.db, { roomId: first?.to ?? '', slot: first?.slot ?? '', reason: 'quiet-hours' })
    expect((await history()).filter((h) => h.dropped_at !== null).map((h) => h.room_id)).toEqual([targets[0]?.id])
    mark = f.queued.length
    await relayMessage(f.chat, inSource(1, `再发 ${jdUrl(item)}`))
    expect(f.queued.slice(mark).filter((q) => q.kind === 'push').map((q) => q.to)).toEqual([targets[0]?.id])
    const [after] = await f.bot.say(owner, '发单报表')
    expect(after?.text).toMatch(/【本月】推送2次，/)

    // 转发报表 leaves the dropped relay out of 已转发 (it never reached the group) and says so; an order of the item
    // counts for the source whose relay last reached a group before the payment: the second, which relayed it again.
    const ownerRow = await f.database.db.selectFrom('users').selectAll().where('contact_id', '=', owner.id).executeTakeFirstOrThrow()
    await seedOrder(f.database.db, { user: ownerRow, paidAt: new Date(), status: 'paid', paidFen: 9900, estimatedFen: 500, platform: 'jd', itemId: item })
    const [relayReport] = await f.bot.say(owner, '转发报表', targets[0])
    const lines = (relayReport?.text ?? '').split('\n').slice(1)
    const total = (label: string) => lines.reduce((sum, line) => sum + Number(new RegExp(`${label}(\\d+)`).exec(line)?.[1] ?? 0), 0)
    expect([total('已转发'), total('未发出'), total('重复'), total('订单')]).toEqual([2, 1, 3, 1])
    expect(lines[1]).toMatch(/订单1$/)
  })
})
