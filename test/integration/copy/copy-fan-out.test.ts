import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueueRouted } from '../../../src/accounts/account-routing.service.js'
import type { ConversionOutcome } from '../../../src/conversions/conversion-outcome.js'
import { fanOutCopy } from '../../../src/copy/copy-fan-out.service.js'
import type { ConvertedCopy } from '../../../src/copy/copy-rewrite-outcome.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { pushDropped } from '../../../src/deals/push-drops.service.js'
import type { QueuePushes } from '../../../src/deals/owner-commands.service.js'
import { upsertGroup } from '../../../src/groups/group.repository.js'
import { ownerPeriod } from '../../../src/groups/owner-report.repository.js'
import { findCopySpans } from '../../../src/links/find-copy-spans.js'
import type { ParsedLink } from '../../../src/links/parsed-link.js'
import { pushOutboxMessage } from '../../../src/outbox/push-outbox-message.js'
import type { Promotion } from '../../../src/platforms/platform.js'
import type { OutboxMessage } from '../../../src/queue/payloads.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'
import { ACCOUNT, createHarness, recordingSender, type OutboxHarness } from '../outbox/outbox-harness.js'

/** A copy of two JD items as convertCopy would give it, converted by hand (no platform here). */
function convertedCopy(ids: readonly string[]): ConvertedCopy {
  const copy = `今日好价 ${ids.map((id) => `https://item.jd.com/${id}.html`).join(' 和 ')} 速度`
  const promotion = (id: string): Promotion => ({
    platform: 'jd',
    itemId: id,
    title: `商品${id}`,
    priceFen: 1990,
    coupon: null,
    priceAfterCouponFen: 1990,
    commissionRateBp: 1000,
    commissionFen: 199,
    promoUrl: `https://u.jd.com/P${id}`,
  })
  const outcomes = ids.map((id): Extract<ConversionOutcome, { ok: true }> => ({ ok: true, link: { platform: 'jd', itemId: id }, promotion: promotion(id), rebateFen: 100 }))
  return {
    kind: 'converted',
    copy,
    spans: findCopySpans(copy),
    outcomeOf: (link: ParsedLink) => outcomes.find((o) => 'itemId' in link && o.promotion.itemId === link.itemId),
    problems: [],
    notConverted: 0,
    maxLinks: 20,
    converted: outcomes.map((o) => o.promotion),
    conversions: outcomes,
  }
}

describe('fanOutCopy', () => {
  let handle: DatabaseHandle
  let harness: OutboxHarness
  const owner = 'fan-owner'
  const rooms = ['fan-1@chatroom', 'fan-2@chatroom']
  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    harness = createHarness()
    for (const [i, roomId] of rooms.entries()) await upsertGroup(handle.db, { roomId, topic: `扇出${i}`, ownerContactId: owner })
  })
  afterAll(async () => {
    await harness.cleanup()
    await handle.close()
  })
  const history = (slotPrefix = '') =>
    handle.db.selectFrom('push_history').select(['room_id', 'slot', 'item_id', 'dropped_at', 'drop_reason']).where('slot', 'like', `${slotPrefix}%`).orderBy('id').execute()
  const routed: QueuePushes = (pushes) =>
    enqueueRouted(handle.db, () => harness.outbox, ACCOUNT, pushes.map((p) => ({ message: pushOutboxMessage(p), dedupeKey: p.dedupeKey })))

  it('queues one message per group in one bulk, one history row per group × item; an outbox drop marks all of a message’s rows', async () => {
    const conversion = convertedCopy(['100000000101', '100000000102'])
    const result = await fanOutCopy({ db: handle.db, pushMany: routed }, { ownerContactId: owner, conversion, targets: rooms.map((room_id) => ({ room_id })), kind: 'copy', post: 'a' })
    expect(result.duplicates).toEqual([])
    expect(result.queued.map((q) => q.roomId)).toEqual(rooms)
    const slot = result.queued[0]?.slot ?? ''
    expect(slot).toMatch(/^copy:\d+:[0-9a-f]{16}$/)
    const jobs = await harness.rawQueue.getJobs(['waiting', 'prioritized'])
    expect(jobs.map((j) => (j.data as OutboxMessage).conversationId).sort()).toEqual(rooms)
    for (const job of jobs) {
      expect(job.data).toMatchObject({ kind: 'push', pushSlot: slot, text: '今日好价 https://u.jd.com/P100000000101 和 https://u.jd.com/P100000000102 速度' })
    }
    const rows = await history(slot)
    expect(rows.map((r) => [r.room_id, r.slot, r.item_id])).toEqual(
      rooms.flatMap((room) => [[room, `${slot}#jd-100000000101`, '100000000101'], [room, `${slot}#jd-100000000102`, '100000000102']]),
    )
    expect((await ownerPeriod(handle.db, owner, new Date(0), new Date(Date.now() + 60_000))).pushes).toBe(4)

    // The same post again within the minute: nothing new.
    const again = await fanOutCopy({ db: handle.db, pushMany: routed }, { ownerContactId: owner, conversion, targets: rooms.map((room_id) => ({ room_id })), kind: 'copy', post: 'a' })
    expect(again.queued).toEqual([])

    // The outbox drops the first group's message (quiet hours, drop mode): both of its item rows are marked, the other group's are not.
    const consumer = await harness.start({
      sender: recordingSender(),
      minGapMs: 0,
      jitterMs: 0,
      quietHours: { start: '22:00', end: '08:00' },
      quietMode: 'drop',
      // Beijing 23:30, inside the quiet hours.
      now: () => Date.parse('2025-03-01T23:30:00+08:00'),
      onDropped: (message, reason) =>
        message.pushSlot && message.conversationId === rooms[0] ? pushDropped(handle.db, { roomId: message.conversationId, slot: message.pushSlot, reason }) : Promise.resolve(),
    })
    await consumer.whenIdle()
    const after = await history(slot)
    expect(after.filter((r) => r.dropped_at !== null).map((r) => r.room_id)).toEqual([rooms[0], rooms[0]])
    expect((await ownerPeriod(handle.db, owner, new Date(0), new Date(Date.now() + 60_000))).pushes).toBe(2)
  })

  it('skips a group that kept every item within the window as a duplicate, relays to one that has a new item', async () => {
    const old = convertedCopy(['100000000201'])
    const fresh = await fanOutCopy({ db: handle.db, pushMany: async () => undefined }, { ownerContactId: owner, conversion: old, targets: [{ room_id: rooms[0] ?? '' }], kind: 'relay', post: 'b' })
    expect(fresh.queued).toHaveLength(1)
    const decisions: { pushed: readonly string[]; duplicates: readonly string[]; slot: string }[] = []
    const result = await fanOutCopy(
      { db: handle.db, pushMany: async () => undefined },
      {
        ownerContactId: owner,
        conversion: old,
        targets: rooms.map((room_id) => ({ room_id })),
        kind: 'relay',
        post: 'c',
        dedupeSince: new Date(Date.now() - 3_600_000),
        record: async (_trx, decision) => void decisions.push(decision),
      },
    )
    expect(result.duplicates).toEqual([rooms[0]])
    expect(result.queued.map((q) => q.roomId)).toEqual([rooms[1]])
    expect(decisions).toEqual([{ pushed: [rooms[1]], duplicates: [rooms[0]], slot: result.queued[0]?.slot }])
    // A copy with the old item and a new one is new to both groups.
    const mixed = await fanOutCopy(
      { db: handle.db, pushMany: async () => undefined },
      { ownerContactId: owner, conversion: convertedCopy(['100000000201', '100000000202']), targets: rooms.map((room_id) => ({ room_id })), kind: 'relay', post: 'd', dedupeSince: new Date(Date.now() - 3_600_000) },
    )
    expect(mixed.queued.map((q) => q.roomId)).toEqual(rooms)
  })

  it('marks the rows it wrote as not queued when the outbox cannot take the messages', async () => {
    const failing: QueuePushes = async () => {
      throw new Error('Redis is down')
    }
    await expect(
      fanOutCopy({ db: handle.db, pushMany: failing }, { ownerContactId: owner, conversion: convertedCopy(['100000000301']), targets: rooms.map((room_id) => ({ room_id })), kind: 'copy', post: 'e' }),
    ).rejects.toThrow('Redis is down')
    const rows = (await history('copy:')).filter((r) => r.item_id === '100000000301')
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.drop_reason === 'not-queued')).toBe(true)
  })
})
