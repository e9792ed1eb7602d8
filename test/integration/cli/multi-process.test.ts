import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, type DatabaseHandle } from '../../../src/db/create-db.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { userBalances } from '../../../src/ledger/ledger.repository.js'
import { targetPosition } from '../../../src/ledger/rebate-position.js'
import { storeOrders } from '../../../src/orders/store-orders.service.js'
import { stopSync } from '../../../src/orders/sync-cursor.repository.js'
import type { PlatformOrder } from '../../../src/platforms/order-feed.js'
import { createOrderQueues } from '../../../src/queue/order-queues.js'
import { createRedisConnection } from '../../../src/queue/redis-connection.js'
import { ensureUser } from '../../../src/users/user.service.js'
import { platformOrder } from '../../support/order-factory.js'
import { startRoleProcess, type RoleProcess } from '../../support/role-process.js'

const ORDERS = 10_000
/** REBATE_USER_SHARE_PERCENT=60, as basis points: what the code applies to each order. */
const SHARE_BP = 6000
const USERS: Record<string, readonly string[]> = { a: ['u1', 'u2', 'u3'], b: ['u4', 'u5', 'u6'] }

const scratch = (): string => mkdtempSync(join(tmpdir(), 'rebate-multi-'))
const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

async function until(what: string, ms: number, check: () => Promise<boolean> | boolean, detail: () => Promise<string> | string = () => ''): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await detail()}`)
    await pause(100)
  }
}

/** Every `bot→NAME: …订单号 ID` line of a terminal bot's output, as [NAME, order id]. */
function noticeLines(stdout: string): [string, string][] {
  return [...stdout.matchAll(/^bot→(\S+): 订单已结算：.*订单号 (\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''])
}

describe.runIf(inject('postgresUrl'))('scale-out: two workers, two schedulers, two accounts as real processes', () => {
  const base = new URL(inject('postgresUrl') || 'postgres://unused/x')
  const name = `${base.pathname.slice(1)}_multi_${Math.random().toString(36).slice(2, 8)}`
  const url = new URL(base.toString())
  url.pathname = `/${name}`
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const prefix = `multi${process.pid}${Date.now() % 100_000}`
  let handle: DatabaseHandle
  const running: RoleProcess[] = []
  const start = (role: string, extra: Record<string, string> = {}): RoleProcess => {
    const run = startRoleProcess(['--role', role], {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      REBATE_BOT_DATA_DIR: scratch(),
      REBATE_USER_SHARE_PERCENT: '60',
      OUTBOX_MIN_GAP_MS: '0',
      OUTBOX_JITTER_MS: '0',
      ORDER_SYNC_INTERVAL_SECONDS: '2',
      TIME_ZONE: 'Asia/Shanghai',
      PUSH_SPREAD_SECONDS: '0',
      SIMULATOR_PDD_USER_AUTHORIZATION: 'off',
      // The daily push cap counts every send of the day, notices too: 5,000 notices would use up a new account's warm-up cap.
      ACCOUNT_WARMUP_START: '1000000',
      ...extra,
    })
    running.push(run)
    return run
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    handle = await createDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 2 })
    await migrateToLatest(handle.db)
    // The schedulers tick order sync; with every platform stopped a tick fetches nothing, so the only orders are this test's.
    for (const platform of ['taobao', 'jd', 'pdd'] as const) await stopSync(handle.db, platform, 'multi-process test', new Date())
  })
  afterAll(async () => {
    for (const run of running) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL')
    await Promise.all(running.map((run) => run.exited()))
    await handle?.close()
    const admin = new pg.Client({ connectionString: base.toString() })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  it(
    `${ORDERS} orders credited while a worker and the lock-holding scheduler are kill -9ed: the ledger is exact, each notice goes out once through its account, a group's scheduled push once per slot`,
    { timeout: 280_000 },
    async () => {
      // Two accounts, each known to its own contacts: they write to it, so account_contacts records who serves whom.
      const bots = { a: start('bot', { BOT_ACCOUNT: 'a' }), b: start('bot', { BOT_ACCOUNT: 'b' }) }
      for (const [account, names] of Object.entries(USERS)) {
        const bot = bots[account as 'a' | 'b']
        for (const contact of names) bot.type(`/as ${contact}`, '余额')
        await until(`${account}'s answers`, 60_000, () => (bot.stdout().match(/可提现/g) ?? []).length >= names.length, () => bot.stdout() + bot.stderr().slice(-2000))
        // From now on every line to u1… names its recipient (bot→u1: …).
        bot.type('/as watcher')
      }
      // 余额 answers without creating a user (a link or an invitation does): the users, keyed by the contacts' ids, are made here.
      const users = await Promise.all(
        Object.values(USERS).flat().map((contact) => ensureUser(handle.db, { contactId: `term-${contact}`, displayName: contact })),
      )
      const userOf = new Map(users.map((u) => [u.contact_id, u]))
      const served = await handle.db.selectFrom('account_contacts').select(['account', 'conversation_id']).execute()
      for (const [account, names] of Object.entries(USERS)) {
        for (const contact of names) {
          expect(served.filter((r) => r.conversation_id === `term-${contact}`).map((r) => r.account)).toEqual([account])
        }
      }

      // 10,000 settled orders spread over the six users, each with its own commission.
      const contacts = Object.values(USERS).flat()
      const accountOf = new Map(Object.entries(USERS).flatMap(([account, names]) => names.map((n) => [n, account] as const)))
      const expected = new Map<string, number>()
      const buyerOfOrder = new Map<string, string>()
      const reports: PlatformOrder[] = []
      const paidAt = new Date(Date.now() - 3_600_000)
      for (let i = 0; i < ORDERS; i++) {
        const contact = contacts[i % contacts.length] ?? 'u1'
        const user = userOf.get(`term-${contact}`)
        if (!user) throw new Error(`no user for ${contact}`)
        const commission = 1 + ((i * 7919) % 4999)
        const orderId = `MP${prefix}${i}`
        reports.push(
          platformOrder({
            orderId,
            subOrderId: `${orderId}-1`,
            status: 'settled',
            estimatedCommissionFen: commission,
            settledCommissionFen: commission,
            attributionId: user.attribution_id,
            paidAt,
            receivedAt: paidAt,
            settledAt: paidAt,
            updatedAt: paidAt,
          }),
        )
        const share = targetPosition({ status: 'settled', estimatedCommissionFen: commission, settledCommissionFen: commission }, SHARE_BP).availableFen
        expected.set(user.id, (expected.get(user.id) ?? 0) + share)
        // A share that rounds down to nothing moves no money, so it posts nothing and says nothing.
        if (share > 0) buyerOfOrder.set(orderId, contact)
      }
      const requests = []
      for (let i = 0; i < reports.length; i += 1000) requests.push(...(await storeOrders(handle.db, reports.slice(i, i + 1000))).credit)
      expect(requests).toHaveLength(ORDERS)
      const connection = createRedisConnection(redisUrl)
      const queues = createOrderQueues({ connection, prefix })
      try {
        // Pages of 50 rows, as a sync of many small pages queues them: many jobs, so a worker killed early has some in flight.
        for (let i = 0; i < requests.length; i += 50) await queues.enqueueCredit(requests.slice(i, i + 50))
        const credited = async (): Promise<number> =>
          Number((await sql<{ n: string }>`select count(*) as n from ledger_transactions where order_row_id is not null`.execute(handle.db)).rows[0]?.n ?? 0)

        // Two workers crediting; one is killed once credits are committing, with jobs of its own in flight.
        const doomed = start('worker')
        const survivor = start('worker')
        await survivor.shows('worker role started', 60_000)
        await doomed.shows('worker role started', 60_000)
        await until('the first credits', 90_000, async () => (await credited()) > 0, () => doomed.stderr().slice(-3000))
        const atKill = await credited()
        doomed.child.kill('SIGKILL')
        await doomed.exited()
        expect(atKill).toBeLessThan(ORDERS)

        // Two schedulers: the lock holder is killed, the standby takes the lock.
        const holder = start('scheduler')
        await holder.shows('took the scheduler lock', 60_000)
        const standby = start('scheduler')
        await standby.shows('scheduler role started', 60_000)
        expect(standby.stderr()).not.toContain('took the scheduler lock')
        holder.child.kill('SIGKILL')
        await holder.exited()
        await standby.shows('took the scheduler lock', 30_000)

        // Two schedulers again (the killed one restarted); a group of account a's, scheduled for the next two minutes.
        const restarted = start('scheduler')
        await restarted.shows('scheduler role started', 60_000)
        const firstSlot = Math.ceil((Date.now() + 15_000) / 60_000) * 60_000
        const slots = [firstSlot, firstSlot + 60_000]
        const beijing = (at: number): string => new Date(at + 8 * 3_600_000).toISOString().slice(11, 16)
        const groupLines = (stdout: string): string[] => stdout.split('\n').filter((line) => line.startsWith('bot@团A: '))
        bots.a.type('/as 群主', '/room 团A', `定时发单 ${slots.map(beijing).join(',')}`)
        await until('the schedule answer', 30_000, () => groupLines(bots.a.stdout()).length > 0, () => bots.a.stdout().slice(-2000))
        bots.a.type('/dm', '/as watcher')

        // BullMQ hands the killed worker's jobs to the survivor once their locks expire (30 s); then every notice is sent.
        const allOut = (): number => noticeLines(bots.a.stdout()).length + noticeLines(bots.b.stdout()).length
        await until(
          'every credit and notice',
          170_000,
          async () => {
            const counts = await queues.credit.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children')
            if (Object.values(counts).some((n) => n > 0)) return false
            const left = await handle.db.selectFrom('notice_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
            return Number(left.n) === 0 && allOut() >= buyerOfOrder.size
          },
          async () => {
            const counts = await queues.credit.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'completed', 'failed')
            const left = await handle.db.selectFrom('notice_outbox').selectAll().execute()
            const out = new Set([...noticeLines(bots.a.stdout()), ...noticeLines(bots.b.stdout())].map(([, id]) => id))
            const missing = [...buyerOfOrder.keys()].filter((id) => !out.has(id)).slice(0, 5)
            const mentions = missing.flatMap((id) => [bots.a, bots.b].flatMap((bot) => (bot.stdout() + bot.stderr()).split('\n').filter((line) => line.includes(id))))
            return `sent ${allOut()} notices, credited ${await credited()}; credit jobs ${JSON.stringify(counts)}; notice_outbox ${JSON.stringify(left.slice(0, 5))} (${left.length}); missing ${missing.join(' ')}; lines naming them:\n${mentions.join('\n')}\nbot a log:\n${bots.a.stderr().slice(-4000)}`
          },
        )
        const cards = (stdout: string): string[] => groupLines(stdout).filter((line) => /^bot@团A: 【(淘宝|京东|拼多多)】/.test(line))
        const lastSlot = slots[1] ?? firstSlot
        await until('both slots', lastSlot + 60_000 - Date.now(), () => Date.now() > lastSlot && cards(bots.a.stdout()).length >= 2, () => `${groupLines(bots.a.stdout()).join('\n')}\nscheduler log:\n${standby.stderr().slice(-2000)}`)
        // Anything sent twice would come a moment after the last first send.
        await pause(3000)
        expect(cards(bots.a.stdout()), groupLines(bots.a.stdout()).join('\n')).toHaveLength(2)
        expect(bots.b.stdout()).not.toContain('bot@')

        // The ledger: each user's balance is the sum of their orders' shares, to the fen; no (order, beneficiary) twice.
        for (const user of users.filter((u) => expected.has(u.id))) {
          const balances = await userBalances(handle.db, user.id)
          expect({ user: user.contact_id, fen: balances.availableFen, pending: balances.pendingFen }).toEqual({
            user: user.contact_id,
            fen: expected.get(user.id),
            pending: 0,
          })
        }
        const twice = await sql<{ n: string }>`
          select count(*) as n from (
            select order_row_id, user_id from ledger_transactions where order_row_id is not null
            group by order_row_id, user_id having count(*) > 1) t`.execute(handle.db)
        expect(Number(twice.rows[0]?.n)).toBe(0)
        expect(await credited()).toBe(buyerOfOrder.size)
        // Every job completed: one the killed worker held (when it held one at that instant — the kill is timed by the
        // first committed credits, not by the job it has) was taken over after its lock expired, none was lost.
        const done = await queues.credit.getCompleted(0, 1000)
        expect(done).toHaveLength(ORDERS / 50)

        // Every notice once, through the account that serves its buyer, to that buyer.
        const seen = new Map<string, string[]>()
        for (const account of ['a', 'b'] as const) {
          for (const [to, orderId] of noticeLines(bots[account].stdout())) seen.set(orderId, [...(seen.get(orderId) ?? []), `${account}:${to}`])
        }
        const wrong = [...buyerOfOrder].filter(([orderId, contact]) => {
          const got = seen.get(orderId) ?? []
          return got.length !== 1 || got[0] !== `${accountOf.get(contact)}:${contact}`
        })
        expect(wrong.slice(0, 5).map(([orderId]) => [orderId, seen.get(orderId) ?? []])).toEqual([])
        expect(seen.size).toBe(buyerOfOrder.size)
        expect(buyerOfOrder.size).toBeGreaterThan(ORDERS - 10)
      } finally {
        await queues.close()
        await connection.quit()
      }
    },
  )
})
