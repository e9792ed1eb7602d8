import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatDeps } from '../../../src/chat/chat-deps.js'
import { runCommand } from '../../../src/chat/run-command.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import type { FunnelFigures } from '../../../src/reports/funnel.js'
import { funnel, funnelByPush, funnelDays, operatorFunnelReport, ownerFunnelReport, recordGroupMemberCount, type FunnelDeps } from '../../../src/reports/funnel.service.js'
import { operatorFunnelText, ownerFunnelText } from '../../../src/reports/funnel.text.js'
import type { UserRow } from '../../../src/users/user.table.js'
import { newUser } from '../../support/order-factory.js'
import { bj, seedClick, seedGroup, seedMovement, seedOrder, seedPush, seedPushLink, seedReplyLink, type SeededPush } from '../../support/funnel-factory.js'
import { availableBackends, openPrivateDatabase } from '../../support/test-databases.js'

const TZ = 'Asia/Shanghai'
const TWO_DAYS = { from: bj('2026-11-10 00:00'), to: bj('2026-11-12 00:00') }

/** Every figure, so a test states all of them. */
const figures = (f: FunnelFigures): FunnelFigures => f

describe.each(availableBackends())('the funnel on %s', (backend) => {
  let handle: DatabaseHandle
  let deps: FunnelDeps
  let ownerA: UserRow
  let ownerB: UserRow
  let inviter: UserRow
  let shopper: UserRow
  const push: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5', SeededPush> = {} as Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5', SeededPush>

  beforeAll(async () => {
    handle = await openPrivateDatabase(backend)
    const db = handle.db
    deps = { db, timeZone: TZ }
    ownerA = await newUser(db, 'A')
    ownerB = await newUser(db, 'B')
    inviter = await newUser(db, 'I')
    shopper = await newUser(db, 'C')
    await seedGroup(db, { roomId: 'g1@chatroom', topic: '一群', owner: ownerA, memberCount: 100 })
    await seedGroup(db, { roomId: 'g2@chatroom', topic: '二群', owner: ownerA }) // member count unknown
    await seedGroup(db, { roomId: 'g3@chatroom', topic: '三群', owner: ownerB, memberCount: 50 })

    push.p1 = await seedPush(db, { roomId: 'g1@chatroom', slot: '202611100900', platform: 'jd', itemId: 'J1', at: bj('2026-11-10 09:00') })
    push.p2 = await seedPush(db, { roomId: 'g1@chatroom', slot: '202611102000', platform: 'taobao', itemId: 'T1', at: bj('2026-11-10 20:00') })
    push.p3 = await seedPush(db, { roomId: 'g2@chatroom', slot: '202611100930', platform: 'jd', itemId: 'J1', at: bj('2026-11-10 09:30') })
    push.p4 = await seedPush(db, { roomId: 'g3@chatroom', slot: '202611110900', platform: 'pdd', itemId: 'D1', at: bj('2026-11-11 09:00') })
    push.p5 = await seedPush(db, { roomId: 'g1@chatroom', slot: '202611101200', platform: 'jd', itemId: 'J2', at: bj('2026-11-10 12:00'), dropped: true })

    const l1 = await seedPushLink(db, push.p1, ownerA)
    const l2 = await seedPushLink(db, push.p2, ownerA)
    const l3 = await seedPushLink(db, push.p3, ownerA)
    const l4 = await seedPushLink(db, push.p4, ownerB)
    const reply = await seedReplyLink(db, ownerA, 'jd', 'J1')
    const clicks: [string, string, 'view' | 'copy' | 'open', string, boolean?][] = [
      [l1, '2026-11-10 09:05', 'view', 'v1'],
      [l1, '2026-11-10 09:06', 'view', 'v1'], // the same visitor again: a view, not a visitor
      [l1, '2026-11-10 09:07', 'copy', 'v1'],
      [l1, '2026-11-10 09:10', 'view', 'v2'],
      [l1, '2026-11-10 09:11', 'open', 'v2'],
      [l1, '2026-11-10 09:12', 'view', 'vb', true], // a link preview
      [l1, '2026-11-10 09:13', 'copy', 'vb', true],
      [l1, '2026-11-11 10:00', 'view', 'v2'], // the same hash on another day is another day's visitor
      [l1, '2026-11-11 10:01', 'view', 'v1b'],
      [l2, '2026-11-10 20:10', 'view', 'v3'],
      [l2, '2026-11-10 20:11', 'copy', 'v3'],
      [l3, '2026-11-10 09:40', 'view', 'v1'],
      [l3, '2026-11-10 09:41', 'view', 'v4'],
      [l4, '2026-11-11 09:10', 'view', 'v5'],
      [l4, '2026-11-11 09:12', 'open', 'v5'],
      [l4, '2026-11-11 09:13', 'view', 'v6', true],
      [reply, '2026-11-10 10:00', 'view', 'v7'], // a reply's link: not the funnel of pushes
      [reply, '2026-11-10 10:01', 'copy', 'v7'],
    ]
    for (const [code, at, action, visitor, isBot] of clicks) await seedClick(db, { code, at: bj(at), action, visitor, isBot })

    const o1 = await seedOrder(db, { user: ownerA, platform: 'jd', itemId: 'J1', paidAt: bj('2026-11-10 09:20'), status: 'settled', paidFen: 10_000, estimatedFen: 1000, settledFen: 900 })
    const o2 = await seedOrder(db, { user: ownerA, platform: 'jd', itemId: 'J1', paidAt: bj('2026-11-10 10:00'), status: 'paid', paidFen: 5000, estimatedFen: 600 })
    const o3 = await seedOrder(db, { user: ownerA, platform: 'taobao', itemId: 'T1', paidAt: bj('2026-11-10 20:30'), status: 'refunded', paidFen: 8000, estimatedFen: 800, settledFen: 0 })
    await seedOrder(db, { user: ownerA, platform: 'taobao', itemId: 'T1', paidAt: bj('2026-11-10 21:00'), status: 'invalid', paidFen: 3000, estimatedFen: 300 })
    const o5 = await seedOrder(db, { user: ownerA, platform: 'jd', itemId: 'J2', paidAt: bj('2026-11-10 12:30'), status: 'paid', paidFen: 4000, estimatedFen: 400 })
    await seedOrder(db, { user: ownerA, platform: 'jd', itemId: 'J1', paidAt: bj('2026-11-10 08:00'), status: 'paid', paidFen: 2000, estimatedFen: 200 })
    const o7 = await seedOrder(db, { user: ownerB, platform: 'pdd', itemId: 'D1', paidAt: bj('2026-11-11 09:30'), status: 'received', paidFen: 2000, estimatedFen: 200 })
    const o8 = await seedOrder(db, { user: shopper, platform: 'jd', itemId: 'J1', paidAt: bj('2026-11-10 09:50'), status: 'paid', paidFen: 7000, estimatedFen: 700 })
    // Paid 10 s before the push by the platform's clock: within the clock-skew allowance, so it follows the push.
    const o9 = await seedOrder(db, { user: ownerA, platform: 'jd', itemId: 'J1', paidAt: new Date('2026-11-10T08:59:50+08:00'), status: 'paid', paidFen: 1000, estimatedFen: 100 })

    const move = (orderRowId: string, platform: 'jd' | 'taobao' | 'pdd', user: UserRow, role: 'buyer' | 'group_owner' | 'l1', kind: string, pendingFen: number, availableFen: number) =>
      seedMovement(db, { orderRowId, platform, user, role, kind, pendingFen, availableFen })
    await move(o1, 'jd', ownerA, 'group_owner', 'pending', 500, 0)
    await move(o1, 'jd', ownerA, 'group_owner', 'settle', -500, 450)
    await move(o1, 'jd', inviter, 'l1', 'pending', 100, 0)
    await move(o1, 'jd', inviter, 'l1', 'settle', -100, 90)
    await move(o2, 'jd', ownerA, 'group_owner', 'pending', 300, 0)
    await move(o2, 'jd', inviter, 'l1', 'pending', 60, 0)
    await move(o3, 'taobao', ownerA, 'group_owner', 'pending', 400, 0)
    await move(o3, 'taobao', ownerA, 'group_owner', 'reverse', -400, 0)
    await move(o3, 'taobao', inviter, 'l1', 'pending', 80, 0)
    await move(o3, 'taobao', inviter, 'l1', 'reverse', -80, 0)
    await move(o5, 'jd', ownerA, 'buyer', 'pending', 200, 0)
    await move(o7, 'pdd', ownerB, 'group_owner', 'pending', 100, 0)
    await move(o8, 'jd', shopper, 'buyer', 'pending', 350, 0)
    await move(o9, 'jd', ownerA, 'group_owner', 'pending', 50, 0)
  })
  afterAll(async () => {
    await handle.close()
  })

  it('one push: views, per-day visitors, presses, its orders (last touch, clock skew) and the ledger’s payouts; bots, replies and dropped pushes left out', async () => {
    const byPush = await funnelByPush(deps, TWO_DAYS)
    expect(byPush.map((b) => b.push.slot)).toEqual(['202611100900', '202611100930', '202611102000', '202611110900'])
    const p1 = byPush.find((b) => b.key === push.p1.id)
    expect(p1?.push).toMatchObject({ roomId: 'g1@chatroom', topic: '一群', platform: 'jd', itemId: 'J1' })
    expect(p1?.figures).toEqual(
      figures({
        pushes: 1,
        views: 5,
        visitors: 4, // {v1, v2} on the 10th, {v2, v1b} on the 11th
        presses: 2,
        copies: 1,
        opens: 1,
        orders: 2, // O1 and O9; O2 came after the later push P3 of the same item
        gmvFen: 11_000,
        commissionEstimatedFen: 1100,
        commissionSettledFen: 900,
        commissionFen: 1000,
        rebatesFen: 500,
        sharesFen: 90,
        marginFen: 410,
        ctrBp: 400,
        cvrBp: 5000,
        epcFen: 200,
        costPerSaleFen: 295,
        roiBp: 6949,
      }),
    )
    const p2 = byPush.find((b) => b.key === push.p2.id)
    expect(p2?.figures).toMatchObject({ orders: 1, gmvFen: 8000, commissionFen: 0, rebatesFen: 0, sharesFen: 0, roiBp: null, cvrBp: 10_000 })
  })

  it('one group: its pushes together, visitors distinct per day across its pushes', async () => {
    const groups = await funnel(deps, TWO_DAYS, 'group')
    expect(groups.map((g) => g.key)).toEqual(['g1@chatroom', 'g2@chatroom', 'g3@chatroom'])
    expect(groups[0]?.figures).toEqual(
      figures({
        pushes: 2,
        views: 6,
        visitors: 5, // {v1, v2, v3} on the 10th, {v2, v1b} on the 11th
        presses: 3,
        copies: 2,
        opens: 1,
        orders: 3, // O1, O9, O3 (refunded still counts); O4 invalid does not
        gmvFen: 19_000,
        commissionEstimatedFen: 1900,
        commissionSettledFen: 900,
        commissionFen: 1000,
        rebatesFen: 500,
        sharesFen: 90,
        marginFen: 410,
        ctrBp: 250,
        cvrBp: 6000,
        epcFen: 166,
        costPerSaleFen: 196,
        roiBp: 6949,
      }),
    )
    // No member count: CTR is "—", everything else is known.
    expect(groups[1]?.figures).toMatchObject({ pushes: 1, views: 2, visitors: 2, orders: 1, commissionFen: 600, marginFen: 240, ctrBp: null, roiBp: 6666 })
  })

  it('one hour slot: pushes sent at 9 o’clock Beijing time on both days', async () => {
    const hours = await funnel(deps, TWO_DAYS, 'hour')
    expect(hours.map((h) => h.key)).toEqual(['9', '20'])
    expect(hours[0]?.figures).toEqual(
      figures({
        pushes: 3,
        views: 8,
        visitors: 6, // {v1, v2, v4} on the 10th, {v2, v1b, v5} on the 11th
        presses: 3,
        copies: 1,
        opens: 2,
        orders: 4,
        gmvFen: 18_000,
        commissionEstimatedFen: 1900,
        commissionSettledFen: 900,
        commissionFen: 1800,
        rebatesFen: 900,
        sharesFen: 150,
        marginFen: 750,
        ctrBp: 333, // 5 visitors of groups with a known size ÷ (100 + 50) members reached
        cvrBp: 6666,
        epcFen: 225,
        costPerSaleFen: 262,
        roiBp: 7142,
      }),
    )
  })

  it('one platform', async () => {
    const platforms = await funnel(deps, TWO_DAYS, 'platform')
    expect(platforms.map((p) => p.key)).toEqual(['jd', 'pdd', 'taobao'])
    expect(platforms[0]?.figures).toEqual(
      figures({
        pushes: 2,
        views: 7,
        visitors: 5,
        presses: 2,
        copies: 1,
        opens: 1,
        orders: 3,
        gmvFen: 16_000,
        commissionEstimatedFen: 1700,
        commissionSettledFen: 900,
        commissionFen: 1600,
        rebatesFen: 800,
        sharesFen: 150,
        marginFen: 650,
        ctrBp: 400,
        cvrBp: 6000,
        epcFen: 228,
        costPerSaleFen: 316,
        roiBp: 6842,
      }),
    )
  })

  it('one day: each event on its own local day (push sent, click, order paid)', async () => {
    const days = await funnel(deps, TWO_DAYS, 'day')
    expect(days.map((d) => d.key)).toEqual(['2026-11-10', '2026-11-11'])
    expect(days[0]?.figures).toEqual(
      figures({
        pushes: 3, // the dropped push is not one
        views: 6,
        visitors: 4,
        presses: 3,
        copies: 2,
        opens: 1,
        orders: 4,
        gmvFen: 24_000,
        commissionEstimatedFen: 2500,
        commissionSettledFen: 900,
        commissionFen: 1600,
        rebatesFen: 800,
        sharesFen: 150,
        marginFen: 650,
        ctrBp: 150,
        cvrBp: 10_000,
        epcFen: 266,
        costPerSaleFen: 237,
        roiBp: 6842,
      }),
    )
    expect(days[1]?.figures).toMatchObject({ pushes: 1, views: 3, visitors: 3, orders: 1, commissionFen: 200, ctrBp: 600, cvrBp: 3333, epcFen: 66 })
  })

  it('the whole bot over both days: visitors are added up day by day', async () => {
    const [total] = await funnel(deps, TWO_DAYS, 'total')
    expect(total?.figures).toMatchObject({ pushes: 4, views: 9, visitors: 7, presses: 4, orders: 5, gmvFen: 26_000, commissionFen: 1800, marginFen: 750, ctrBp: 240, cvrBp: 7142, epcFen: 200, costPerSaleFen: 210, roiBp: 7142 })
  })

  it('an empty period has one total bucket of zeros', async () => {
    const [total] = await funnel(deps, { from: bj('2026-10-01 00:00'), to: bj('2026-10-02 00:00') }, 'total')
    expect(total?.figures).toMatchObject({ pushes: 0, views: 0, orders: 0, ctrBp: null, cvrBp: null, epcFen: null, costPerSaleFen: null, roiBp: null })
    expect(await funnel(deps, { from: bj('2026-10-01 00:00'), to: bj('2026-10-02 00:00') }, 'group')).toEqual([])
  })

  it('发单报表: the owner’s groups only, yesterday and this month', async () => {
    const report = await ownerFunnelReport(deps, ownerA.contact_id, bj('2026-11-11 15:00'))
    expect(report?.groups).toBe(2)
    expect(report?.yesterday).toMatchObject({ pushes: 3, views: 6, visitors: 4, presses: 3, orders: 4, gmvFen: 24_000, commissionFen: 1600, commissionSettledFen: 900, ctrBp: 150, cvrBp: 10_000, epcFen: 266 })
    expect(report?.month).toMatchObject({ pushes: 3, views: 8, visitors: 6, presses: 3, orders: 4, gmvFen: 24_000, commissionFen: 1600, ctrBp: 250, cvrBp: 6666, epcFen: 200 })
    expect(ownerFunnelText(report!)).toContain('【昨天】推送3次，浏览6次（4人），复制/打开3次\n订单4笔，成交¥240.00，佣金¥16.00（已结算¥9.00）\n点击率1.50%，转化率100.00%，每次点击¥2.66')
    expect(await ownerFunnelReport(deps, shopper.contact_id, bj('2026-11-11 15:00'))).toBeUndefined()
  })

  it('数据: the whole bot today and the last 7 days, per platform', async () => {
    const report = await operatorFunnelReport(deps, bj('2026-11-11 15:00'))
    expect(report.today.total).toMatchObject({ pushes: 1, views: 3, visitors: 3, orders: 1, commissionFen: 200, rebatesFen: 100, marginFen: 100, costPerSaleFen: 100, roiBp: 10_000 })
    expect(report.week.total).toMatchObject({ pushes: 4, visitors: 7, orders: 5, rebatesFen: 900, sharesFen: 150, marginFen: 750, costPerSaleFen: 210, roiBp: 7142 })
    expect(report.week.platforms.map((p) => [p.platform, p.figures.orders, p.figures.marginFen])).toEqual([
      ['taobao', 1, 0],
      ['jd', 3, 650],
      ['pdd', 1, 100],
    ])
    const text = operatorFunnelText(report)
    expect(text).toContain('【近7天】推送4次，浏览9次（7人），复制/打开4次')
    expect(text).toContain('返利¥9.00，分成¥1.50，毛利¥7.50\n每单成本¥2.10，ROI 71.42%')
    expect(text.split('\n').length).toBeLessThanOrEqual(25)
  })

  it('day by day (数据, 发单报表 and the console add days up): each day and platform as the period cuts count it', async () => {
    const days = await funnelDays(deps, { from: bj('2026-11-09 00:00'), to: bj('2026-11-12 00:00') })
    expect(days.map((d) => d.day)).toEqual(['2026-11-09', '2026-11-10', '2026-11-11'])
    for (const day of days) {
      const period = { from: bj(`${day.day} 00:00`), to: new Date(bj(`${day.day} 00:00`).getTime() + 86_400_000) }
      const [total] = await funnel(deps, period, 'total')
      expect(day.total).toEqual(total?.figures)
      const byPlatform = new Map((await funnel(deps, period, 'platform')).map((b) => [b.key, b.figures]))
      for (const platform of ['taobao', 'jd', 'pdd'] as const) {
        if (byPlatform.has(platform)) expect(day.platforms[platform]).toEqual(byPlatform.get(platform))
        else expect(day.platforms[platform]).toMatchObject({ pushes: 0, views: 0, orders: 0 })
      }
    }
    expect(days[1]?.total).toMatchObject({ pushes: 3, views: 6, orders: 4 })
  })

  it('a visitor who opens two platforms’ pages on one day is one visitor of the whole day', async () => {
    const day = { from: bj('2026-11-20 00:00'), to: bj('2026-11-21 00:00') }
    const jd = await seedPush(handle.db, { roomId: 'g1@chatroom', slot: '202611200900', platform: 'jd', itemId: 'J9', at: bj('2026-11-20 09:00') })
    const tb = await seedPush(handle.db, { roomId: 'g1@chatroom', slot: '202611201000', platform: 'taobao', itemId: 'T9', at: bj('2026-11-20 10:00') })
    await seedClick(handle.db, { code: await seedPushLink(handle.db, jd, ownerA), at: bj('2026-11-20 09:05'), action: 'view', visitor: 'cross' })
    await seedClick(handle.db, { code: await seedPushLink(handle.db, tb, ownerA), at: bj('2026-11-20 10:05'), action: 'view', visitor: 'cross' })
    const [d] = await funnelDays(deps, day)
    expect([d?.total.visitors, d?.platforms.jd.visitors, d?.platforms.taobao.visitors, d?.total.views]).toEqual([1, 1, 1, 2])
  })

  it('数据 in the chat: operators get the report, anyone else what unknown text gets', async () => {
    // runCommand reads only these parts of ChatDeps for 数据 (a full ChatDeps needs platforms and queues).
    const chat = { db: handle.db, timeZone: TZ, operators: ['op-1'] } as unknown as ChatDeps
    const asOperator = await runCommand(chat, { contactId: 'op-1', displayName: 'op', text: '数据' }, 'funnel', '')
    expect(asOperator).toMatch(/^数据（全部群）：\n【今天】/)
    expect(await runCommand(chat, { contactId: ownerA.contact_id, displayName: 'A', text: '数据' }, 'funnel', '')).toBeUndefined()
  })

  it('member counts: recorded for a known group only, never negative', async () => {
    expect(await recordGroupMemberCount(handle.db, 'nowhere@chatroom', 10)).toBe(false)
    expect(await recordGroupMemberCount(handle.db, 'g2@chatroom', -1)).toBe(false)
  })
})
