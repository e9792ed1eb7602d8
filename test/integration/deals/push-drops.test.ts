import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { pushDropped } from '../../../src/deals/push-drops.service.js'
import { updateGroupSettings, upsertGroup } from '../../../src/groups/group.repository.js'
import { ownerPeriod } from '../../../src/groups/owner-report.repository.js'
import { pushedSince, recordPush } from '../../../src/groups/push-history.repository.js'
import { createHarness, recordingSender, type OutboxHarness } from '../outbox/outbox-harness.js'
import { openPrivateDatabase, preferredBackend } from '../../support/test-databases.js'

/** Beijing wall-clock time as an instant. */
const bj = (text: string): number => Date.parse(`${text.replace(' ', 'T')}:00+08:00`)

describe('a push the outbox drops never counts as pushed', () => {
  let handle: DatabaseHandle
  let harness: OutboxHarness
  beforeAll(async () => {
    handle = await openPrivateDatabase(preferredBackend())
    harness = createHarness()
  })
  afterAll(async () => {
    await harness.cleanup()
    await handle.close()
  })

  it('dropped in quiet hours: marked in the history, left out of 发单报表, and the item may be pushed there again', async () => {
    const roomId = 'drops@chatroom'
    await upsertGroup(handle.db, { roomId, topic: '夜猫群', ownerContactId: 'owner-night' })
    await updateGroupSettings(handle.db, roomId, { push_schedules: ['30 23 * * *'] })
    const slot = '202503012330'
    expect(await recordPush(handle.db, { roomId, slot, platform: 'jd', itemId: '100038004359', title: '面膜' })).toBe(true)
    expect(await pushedSince(handle.db, roomId, new Date(0))).toEqual(new Set(['jd:100038004359']))

    await harness.outbox.enqueue({ conversationId: roomId, text: '深夜好物', kind: 'push', pushSlot: slot }, `push_${roomId}_${slot}`)
    const sender = recordingSender()
    const consumer = await harness.start({
      sender,
      minGapMs: 0,
      jitterMs: 0,
      quietHours: { start: '22:00', end: '08:00' },
      quietMode: 'drop',
      now: () => bj('2025-03-01 23:30'),
      onDropped: (message, reason) =>
        message.pushSlot ? pushDropped(handle.db, { roomId: message.conversationId, slot: message.pushSlot, reason }) : Promise.resolve(),
    })
    await consumer.whenIdle()
    expect(sender.sent).toEqual([])
    const row = await handle.db.selectFrom('push_history').selectAll().where('room_id', '=', roomId).where('slot', '=', slot).executeTakeFirstOrThrow()
    expect(row.dropped_at).not.toBeNull()
    expect(row.drop_reason).toBe('quiet-hours')
    expect(await pushedSince(handle.db, roomId, new Date(0))).toEqual(new Set())
    const period = await ownerPeriod(handle.db, 'owner-night', new Date(0), new Date(Date.now() + 60_000))
    expect(period.pushes).toBe(0)
  })
})
