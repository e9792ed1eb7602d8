import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatInput, LazyPicture } from '../../../src/chat/chat-input.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { upsertGroup } from '../../../src/groups/group.repository.js'
import { forgetOldPictures, picturesAtCopy, takePicture, PICTURE_RETENTION_MS, type PictureDeps } from '../../../src/pictures/picture.service.js'
import { addSource } from '../../../src/relay/relay.repository.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await openTestDatabase(preferredBackend())
})
afterAll(async () => {
  await handle.close()
})

const T0 = new Date('2026-12-06T12:00:00Z').getTime()
const at = (seconds: number) => new Date(T0 + seconds * 1000)

/** Pictures queued after a copy, as the outbox would get them. */
function depsWith(windowSeconds = 30): PictureDeps & { followed: { to: string; ids: readonly string[]; key: string; follows: string }[] } {
  const followed: { to: string; ids: readonly string[]; key: string; follows: string }[] = []
  return {
    db: handle.db,
    pictureWindowMs: windowSeconds * 1000,
    queuePictures: async (pictures) => void followed.push(...pictures.map((p) => ({ to: p.conversationId, ids: p.pictureIds, key: p.dedupeKey, follows: p.follows }))),
    followed,
  }
}

/** A relay source group (someone relays it) and a poster in it. */
async function source(): Promise<{ roomId: string; poster: string }> {
  const roomId = `${randomUUID()}@chatroom`
  await addSource(handle.db, { ownerContactId: `owner-${randomUUID()}`, sourceId: roomId, name: '线报源', kind: 'group' })
  return { roomId, poster: `poster-${randomUUID()}` }
}

/** A picture message whose content counts how often it was fetched. */
function pictureInput(where: { roomId?: string; poster: string }, bytes = Buffer.from(randomUUID())): ChatInput & { picture: LazyPicture; loads: () => number } {
  let loads = 0
  return {
    contactId: where.poster,
    displayName: '发图员',
    roomId: where.roomId,
    text: '',
    picture: {
      load: async () => {
        loads++
        return { name: 'a.png', mediaType: 'image/png', bytes }
      },
    },
    loads: () => loads,
  }
}

describe('pictures with a copy (service and database)', () => {
  it('a copy that went nowhere (filtered, duplicate) still uses up the pictures before it', async () => {
    const deps = depsWith()
    const src = await source()
    const sender = { conversationId: src.roomId, talkerId: src.poster }
    expect(await takePicture(deps, pictureInput(src), at(0))).toBe('stored')
    const filtered = await picturesAtCopy(deps, sender, at(2))
    expect(filtered.pictureIds).toHaveLength(1)
    await filtered.queued([])
    expect((await picturesAtCopy(deps, sender, at(4))).pictureIds).toEqual([])
  })

  it('pictures after a copy follow it to each target, numbered for their dedupe keys; the tenth waits for the next copy', async () => {
    const deps = depsWith()
    const src = await source()
    const sender = { conversationId: src.roomId, talkerId: src.poster }
    const copy = await picturesAtCopy(deps, sender, at(0))
    await copy.queued([
      { conversationId: 'g1@chatroom', dedupeKey: 'k1' },
      { conversationId: 'g2@chatroom', dedupeKey: 'k2' },
    ])
    const outcomes = []
    for (let n = 1; n <= 10; n++) outcomes.push(await takePicture(deps, pictureInput(src), at(n)))
    expect(outcomes).toEqual([...Array<string>(9).fill('followed'), 'stored'])
    expect(deps.followed.filter((q) => q.to === 'g1@chatroom').map((q) => `${q.key}<${q.follows}`)).toEqual(
      Array.from({ length: 9 }, (_, i) => `k1_pic${i + 1}<k1`),
    )
    expect(deps.followed.filter((q) => q.to === 'g2@chatroom')).toHaveLength(9)
    expect((await picturesAtCopy(deps, sender, at(12))).pictureIds).toHaveLength(1)
  })

  it('is never fetched where it cannot go along: a group nobody relays, a relay target, a stranger’s direct chat, the window at 0', async () => {
    const deps = depsWith()
    const elsewhere = pictureInput({ roomId: `${randomUUID()}@chatroom`, poster: 'p' })
    const target = await source()
    await upsertGroup(handle.db, { roomId: target.roomId, topic: '福利群', ownerContactId: 'someone' })
    await handle.db.updateTable('groups').set({ relay_enabled: true }).where('room_id', '=', target.roomId).execute()
    const inTarget = pictureInput(target)
    const direct = pictureInput({ poster: `stranger-${randomUUID()}` })
    const off = pictureInput(await source())
    expect(await takePicture(deps, elsewhere, at(0))).toBe('ignored')
    expect(await takePicture(deps, inTarget, at(0))).toBe('ignored')
    expect(await takePicture(deps, direct, at(0))).toBe('ignored')
    expect(await takePicture(depsWith(0), off, at(0))).toBe('ignored')
    expect([elsewhere, inTarget, direct, off].map((input) => input.loads())).toEqual([0, 0, 0, 0])
  })

  it('forgets pictures older than the retention time', async () => {
    const src = await source()
    const now = new Date()
    const old = await takePicture(depsWith(), pictureInput(src), new Date(now.getTime() - PICTURE_RETENTION_MS - 60_000))
    expect(old).toBe('stored')
    await takePicture(depsWith(), pictureInput(src), now)
    expect(await forgetOldPictures(handle.db, now)).toBeGreaterThanOrEqual(1)
    const left = await handle.db.selectFrom('pictures').select('received_at').where('talker_id', '=', src.poster).execute()
    expect(left.map((r) => r.received_at.getTime())).toEqual([now.getTime()])
  })
})
