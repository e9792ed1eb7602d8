import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAccountMonitor, type AccountMonitor } from '../../../src/accounts/account-monitor.service.js'
import { findAccount } from '../../../src/accounts/account.repository.js'
import { resumeAccount } from '../../../src/accounts/account.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { recordedNotices } from '../../support/order-factory.js'
import { preferredBackend, openTestDatabase } from '../../support/test-databases.js'
import { createHarness, type OutboxHarness, recordingSender } from '../outbox/outbox-harness.js'

const RATE_LIMITED = '发送消息过于频繁，可稍后再试'

describe('an account in trouble', () => {
  let handle: DatabaseHandle
  let harness: OutboxHarness
  let account: string
  let operator: string
  let monitors: AccountMonitor[]
  beforeAll(async () => {
    handle = await openTestDatabase(preferredBackend())
  })
  afterAll(async () => {
    await handle.close()
  })
  beforeEach(() => {
    harness = createHarness()
    account = `acct-${randomUUID().slice(0, 8)}`
    operator = `op-${randomUUID()}`
    monitors = []
  })
  afterEach(async () => {
    for (const monitor of monitors) await monitor.stop()
    await harness.cleanup()
  })

  const monitorFor = (options: { failureLimit?: number; operators?: string[] } = {}): AccountMonitor => {
    const monitor = createAccountMonitor({
      db: handle.db,
      account,
      operators: options.operators ?? [operator],
      failureLimit: options.failureLimit ?? 5,
      dailyCap: 300,
      warmup: { start: 50, growthPerDay: 50 },
    })
    monitors.push(monitor)
    return monitor
  }
  const noticesToOperator = async () => (await recordedNotices(handle.db)).filter((n) => n.contactId === operator)

  it('a limited account pauses its pushes and the operator is told once; replies keep going', async () => {
    const monitor = monitorFor()
    await monitor.loggedIn()
    expect(monitor.pushesAllowed()).toBe(true)

    // The outbox's sends fail with WeChat's rate-limit words, three times over (retries, other messages).
    for (let i = 0; i < 3; i++) await monitor.sendFailed(new Error(RATE_LIMITED), 'push')
    expect(monitor.pushesAllowed()).toBe(false)
    const notices = await noticesToOperator()
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).toContain(`账号 ${account} 被微信提示发送过于频繁`)
    expect(notices[0]?.text).toContain(`恢复账号 ${account}`)
    const row = await findAccount(handle.db, account)
    expect(row?.state).toBe('limited')
    expect(row?.state_reason).toContain(RATE_LIMITED)

    // The outbox holds the push (not dropped) while the reply goes out.
    await harness.outbox.enqueue({ conversationId: 'room-1@chatroom', text: 'deal card', kind: 'push' })
    await harness.outbox.enqueue({ conversationId: 'wxid_alice', text: 'your link', kind: 'reply' })
    const sender = recordingSender()
    const consumer = await harness.start({ sender, minGapMs: 0, jitterMs: 0, pushesAllowed: monitor.pushesAllowed, pausedRetryMs: 200 })
    await consumer.whenIdle()
    expect(sender.sent.map((s) => s.text)).toEqual(['your link'])
    expect(consumer.parked()).toBe(1)
    expect(await harness.outbox.pending()).toBe(1)

    // A restarted bot for the same account stays limited and tells no one again.
    const restarted = monitorFor()
    await restarted.loggedIn()
    expect(restarted.pushesAllowed()).toBe(false)
    await restarted.sendFailed(new Error(RATE_LIMITED), 'reply')
    expect(await noticesToOperator()).toHaveLength(1)

    // The operator resumes it: the bot learns at its next heartbeat, and the held push goes out.
    expect(await resumeAccount(handle.db, account)).toEqual({ kind: 'done', name: account })
    await monitor.heartbeat()
    expect(monitor.pushesAllowed()).toBe(true)
    const deadline = Date.now() + 5000
    while (sender.sent.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(sender.sent.map((s) => s.text)).toEqual(['your link', 'deal card'])
  })

  it('pauses after N other failures in a row, not before; a success starts the count again', async () => {
    const monitor = monitorFor({ failureLimit: 3 })
    await monitor.loggedIn()
    await monitor.sendFailed(new Error('timeout'), 'reply')
    await monitor.sendFailed(new Error('timeout'), 'reply')
    monitor.sent('reply')
    await monitor.sendFailed(new Error('timeout'), 'reply')
    await monitor.sendFailed(new Error('timeout'), 'reply')
    expect(monitor.pushesAllowed()).toBe(true)
    expect(await noticesToOperator()).toEqual([])
    await monitor.sendFailed(new Error('timeout'), 'push')
    expect(monitor.pushesAllowed()).toBe(false)
    const notices = await noticesToOperator()
    expect(notices).toHaveLength(1)
    expect(notices[0]?.text).toContain('连续发送失败（3 次')
  })

  it('a logout pauses pushes and is told once; the next login resumes them', async () => {
    const monitor = monitorFor()
    await monitor.loggedIn()
    await monitor.loggedOut('扫码登录已失效')
    await monitor.loggedOut('扫码登录已失效')
    expect(monitor.pushesAllowed()).toBe(false)
    expect((await findAccount(handle.db, account))?.state).toBe('logged-out')
    expect(await noticesToOperator()).toHaveLength(1)
    await monitor.loggedIn()
    expect(monitor.pushesAllowed()).toBe(true)
    expect((await findAccount(handle.db, account))?.state).toBe('logged-in')
  })

  it('writes sent-today per kind with the heartbeat, and a new account starts at the warm-up cap', async () => {
    const monitor = monitorFor()
    await monitor.loggedIn()
    monitor.sent('reply')
    monitor.sent('reply')
    monitor.sent('push')
    await monitor.heartbeat()
    expect((await findAccount(handle.db, account))?.sent_today).toEqual({ reply: 2, notification: 0, push: 1 })
    expect(monitor.dailyPushCap()).toBe(50)
    expect(monitor.dailyPushCap(Date.now() + 3 * 86_400_000)).toBe(200)
    expect(monitor.dailyPushCap(Date.now() + 30 * 86_400_000)).toBe(300)
  })

  it('a restarted bot carries on with today’s counts: pushes sent before the restart still count against the cap', async () => {
    const first = monitorFor()
    await first.loggedIn()
    for (let i = 0; i < 3; i++) first.sent('push')
    first.sent('notification')
    await first.stop()

    const second = monitorFor()
    second.sent('push')
    await second.loggedIn()
    expect(second.pushesToday()).toBe(4)
    await second.heartbeat()
    expect((await findAccount(handle.db, account))?.sent_today).toEqual({ reply: 0, notification: 1, push: 4 })
    // The next Beijing day starts from nothing.
    expect(second.pushesToday(Date.now() + 86_400_000)).toBe(0)
  })
})
