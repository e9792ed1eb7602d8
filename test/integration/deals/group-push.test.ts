import { randomUUID } from 'node:crypto'
import type { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { groupPushTick } from '../../../jobs/group-push.schedule.js'
import { startGroupPushWorker } from '../../../jobs/processors/group-push.processor.js'
import { loadConfig } from '../../../src/config.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { acquireSchedulerLock } from '../../../src/db/scheduler-lock.js'
import { pushToGroup, type GroupPushDeps } from '../../../src/deals/group-push.service.js'
import { updateGroupSettings, upsertGroup } from '../../../src/groups/group.repository.js'
import { PLATFORMS } from '../../../src/links/parsed-link.js'
import { createPlatforms } from '../../../src/platforms/create-platforms.js'
import { createPushQueue, type PushQueue } from '../../../src/queue/push-queue.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { setLogSink } from '../../../src/shared/log.js'
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { creditOrders } from '../../../src/orders/credit-order.service.js'
import { syncOrders } from '../../../src/orders/order-sync.service.js'
import { platformOrder, recordedNotices, ScriptedFeed } from '../../support/order-factory.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

const TZ = 'Asia/Shanghai'
/** 09:00 in Beijing. */
const NINE = new Date('2026-11-24T01:00:00Z')

describe('scheduled group pushes', () => {
  let handle: DatabaseHandle
  let sim: RunningSimulator
  let redis: Redis
  let queue: PushQueue
  let worker: Worker
  const sent: { roomId: string; text: string; key: string }[] = []
  const told: { contactId: string; key: string; text: string }[] = []
  let deps: GroupPushDeps

  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openPrivateDatabase(preferredBackend())
    sim = await startSimulator({ port: 0 })
    const config = loadConfig({ LOG_LEVEL: 'silent', PLATFORM_TIMEOUT_MS: '300', PLATFORM_RETRY_BASE_MS: '1' })
    deps = {
      db: handle.db,
      platforms: createPlatforms(config, sim),
      dedupeWindowMs: 7 * 86_400_000,
      allowWithoutCoupon: false,
      userShareBp: 6000,
      send: async (roomId, text, key) => void sent.push({ roomId, text, key }),
      tellOwner: async (contactId, text, key) => void told.push({ contactId, key, text }),
    }
    redis = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    const prefix = `test-${randomUUID()}`
    queue = createPushQueue({ connection: redis, prefix })
    worker = startGroupPushWorker({ connection: createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix, push: deps })
  })
  afterAll(async () => {
    await worker.close()
    await queue.queue.obliterate({ force: true })
    await queue.close()
    await redis.quit()
    await sim.close()
    await handle.close()
  })

  async function group(topic: string, schedules: string[], categories: string[] = []): Promise<string> {
    const roomId = `${randomUUID()}@chatroom`
    await upsertGroup(handle.db, { roomId, topic, ownerContactId: `owner-${topic}` })
    await updateGroupSettings(handle.db, roomId, { push_schedules: schedules, push_categories: categories })
    return roomId
  }

  async function drained(): Promise<void> {
    for (;;) {
      const counts = await queue.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')
      if (Object.values(counts).every((n) => n === 0)) return
      await new Promise((done) => setTimeout(done, 25))
    }
  }

  it('two schedulers ticking the same minute push each due group exactly once', async () => {
    const due = await group('美妆群', ['0 9 * * *'], ['美妆'])
    const notDue = await group('晚上群', ['0 21 * * *'])
    const held = { held: () => true, confirm: async () => true, release: async () => undefined }
    const tick = { db: handle.db, queue, lock: held, timeZone: TZ, spreadMs: 0 }
    const [a, b] = await Promise.all([groupPushTick(tick, NINE), groupPushTick(tick, NINE)])
    expect(a + b).toBeGreaterThanOrEqual(2)
    await drained()
    expect(sent.filter((s) => s.roomId === due)).toHaveLength(1)
    expect(sent.filter((s) => s.roomId === notDue)).toHaveLength(0)
    const card = sent.find((s) => s.roomId === due)?.text ?? ''
    expect(card).toMatch(/^【(淘宝|京东|拼多多)】/)
    expect(card).toMatch(/券后¥\d+\.\d\d/)
    const rows = await handle.db.selectFrom('push_history').selectAll().where('room_id', '=', due).execute()
    expect(rows).toHaveLength(1)
    // The push is promoted with the owner's attribution: group orders credit the owner.
    const conversion = await handle.db
      .selectFrom('conversions')
      .innerJoin('users', 'users.id', 'conversions.user_id')
      .select(['users.contact_id', 'conversions.room_id'])
      .where('conversions.room_id', '=', due)
      .executeTakeFirstOrThrow()
    expect(conversion.contact_id).toBe('owner-美妆群')
  })

  it('never pushes the same item to a group twice within the dedupe window', async () => {
    const roomId = await group('连推群', ['0 9 * * *'], ['数码'])
    const items = new Set<string>()
    for (let day = 0; day < 5; day++) {
      expect(await pushToGroup(deps, roomId, `20261124090${day}`)).toBe('pushed')
    }
    const rows = await handle.db.selectFrom('push_history').select(['platform', 'item_id']).where('room_id', '=', roomId).execute()
    for (const r of rows) items.add(`${r.platform}:${r.item_id}`)
    expect(items.size).toBe(5)
    expect(await pushToGroup(deps, roomId, '202611240900')).toBe('already-pushed')
  })

  it('a paused group is skipped; only the PostgreSQL lock holder schedules', async () => {
    const roomId = await group('暂停群', ['0 9 * * *'])
    await updateGroupSettings(handle.db, roomId, { push_paused: true })
    expect(await pushToGroup(deps, roomId, '202611240900')).toBe('paused')
    const url = inject('postgresUrl')
    if (url) {
      const first = await acquireSchedulerLock(url)
      const second = await acquireSchedulerLock(url)
      expect([first.held(), second.held()]).toEqual([true, false])
      await first.release()
      await second.release()
    }
  })

  it('a platform outage skips the slot and tells the owner once, not per group', async () => {
    const owner = `owner-outage-${randomUUID().slice(0, 6)}`
    const rooms: string[] = []
    for (let i = 0; i < 2; i++) {
      const roomId = `${randomUUID()}@chatroom`
      await upsertGroup(handle.db, { roomId, topic: `群${i}`, ownerContactId: owner })
      await updateGroupSettings(handle.db, roomId, { push_schedules: ['0 9 * * *'] })
      rooms.push(roomId)
    }
    for (const p of PLATFORMS) sim.state.injectFault(p, 'unavailable', 100)
    try {
      for (const roomId of rooms) expect(await pushToGroup(deps, roomId, '202611241200')).toBe('platforms-down')
    } finally {
      sim.state.clearFaults()
    }
    const keys = new Set(told.filter((t) => t.contactId === owner).map((t) => t.key))
    expect(keys.size).toBe(1)
  })

  it('an owner without PDD 授权备案 gets the authorization link once a day, and it is not taken for an outage', async () => {
    const owner = `owner-unauthorized-${randomUUID().slice(0, 6)}`
    const roomId = `${randomUUID()}@chatroom`
    await upsertGroup(handle.db, { roomId, topic: '未授权群', ownerContactId: owner })
    await updateGroupSettings(handle.db, roomId, { push_schedules: ['0 9 * * *'] })
    sim.state.settings.pddUserAuthorization = true
    for (const p of PLATFORMS.filter((p) => p !== 'pdd')) sim.state.injectFault(p, 'unavailable', 100)
    try {
      expect(await pushToGroup(deps, roomId, '202611241300')).toBe('no-deal')
      expect(await pushToGroup(deps, roomId, '202611241400')).toBe('no-deal')
    } finally {
      sim.state.clearFaults()
    }
    const toOwner = told.filter((t) => t.contactId === owner)
    expect(new Set(toOwner.map((t) => t.key))).toEqual(new Set([`push-auth_${owner}_pdd_20261124`]))
    expect(toOwner[0]?.text).toMatch(/授权.*https?:\/\/\S+/)
    expect(toOwner.some((t) => t.text.includes('平台暂时不可用'))).toBe(false)
  })
})

describe('group orders', () => {
  it('an order of a pushed item credits the group owner at the group-owner share, as its own role', async () => {
    const handle = await openPrivateDatabase(preferredBackend())
    const sim = await startSimulator({ port: 0 })
    try {
      const config = loadConfig({ LOG_LEVEL: 'silent' })
      const sent: string[] = []
      const deps: GroupPushDeps = {
        db: handle.db,
        platforms: createPlatforms(config, sim),
        dedupeWindowMs: 86_400_000,
        allowWithoutCoupon: false,
        userShareBp: 6000,
        send: async (_room, text) => void sent.push(text),
        tellOwner: async () => undefined,
      }
      const roomId = `${randomUUID()}@chatroom`
      await upsertGroup(handle.db, { roomId, topic: '团购群', ownerContactId: 'owner-group-orders' })
      expect(await pushToGroup(deps, roomId, '202611240900')).toBe('pushed')
      const pushed = await handle.db.selectFrom('push_history').selectAll().where('room_id', '=', roomId).executeTakeFirstOrThrow()
      const owner = await handle.db.selectFrom('users').selectAll().where('contact_id', '=', 'owner-group-orders').executeTakeFirstOrThrow()

      // A member buys through the pushed link: the order carries the owner's attribution id.
      const feed = new ScriptedFeed(pushed.platform)
      feed.rows = [platformOrder({ platform: pushed.platform, itemId: pushed.item_id, attributionId: owner.attribution_id, estimatedCommissionFen: 1000, paidAt: new Date(Date.now() + 1000), updatedAt: new Date() })]
      const ids: string[] = []
      await syncOrders({
        db: handle.db,
        feed,
        now: () => new Date(Date.now() + 2000),
        overlapMs: 0,
        initialLookbackMs: 3_600_000,
        maxWindowsPerRun: 5,
        enqueueCredit: async (r) => void ids.push(...r.map((x) => x.orderRowId)),
      })
      await creditOrders({ db: handle.db, userShareBp: 6000, groupOwnerShareBp: 3000, attributionWindowMs: 3_600_000 }, ids)
      expect((await userBalances(handle.db, owner.id)).pendingFen).toBe(300)
      const kinds = await handle.db.selectFrom('ledger_transactions').select('kind').where('user_id', '=', owner.id).execute()
      expect(kinds.map((k) => k.kind)).toEqual(['group_owner:pending'])
      expect((await recordedNotices(handle.db)).some((n) => n.contactId === owner.contact_id && n.text.startsWith('群订单：'))).toBe(true)
    } finally {
      await sim.close()
      await handle.close()
    }
  })
})
