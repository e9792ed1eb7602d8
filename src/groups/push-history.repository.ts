import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

/** Records a slot's push; false when the slot was already pushed (another worker won). */
export async function recordPush(
  db: Kysely<Database>,
  push: { roomId: string; slot: string; platform: Platform; itemId: string; title: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('push_history')
    .values({ room_id: push.roomId, slot: push.slot, platform: push.platform, item_id: push.itemId, title: push.title.slice(0, 200) })
    .onConflict((oc) => oc.columns(['room_id', 'slot']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function slotPushed(db: Kysely<Database>, roomId: string, slot: string): Promise<boolean> {
  return (await db.selectFrom('push_history').select('id').where('room_id', '=', roomId).where('slot', '=', slot).executeTakeFirst()) !== undefined
}

/** Marks a slot's push as dropped by the outbox; true when a recorded push was marked. */
export async function markPushDropped(db: Kysely<Database>, roomId: string, slot: string, reason: string): Promise<boolean> {
  const updated = await db
    .updateTable('push_history')
    .set({ dropped_at: new Date(), drop_reason: reason.slice(0, 64) })
    .where('room_id', '=', roomId)
    .where('slot', '=', slot)
    .where('dropped_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return updated !== undefined
}

/** `platform:itemId` of everything pushed to the group since `since` (a dropped push never reached it). */
export async function pushedSince(db: Kysely<Database>, roomId: string, since: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('push_history')
    .select(['platform', 'item_id'])
    .where('room_id', '=', roomId)
    .where('pushed_at', '>=', since)
    .where('dropped_at', 'is', null)
    .execute()
  return new Set(rows.map((r) => `${r.platform}:${r.item_id}`))
}

/** Groups with a schedule that is not paused: what a scheduler tick looks at. */
export async function scheduledGroups(db: Kysely<Database>): Promise<{ room_id: string; push_schedules: string[] }[]> {
  return db
    .selectFrom('groups')
    .select(['room_id', 'push_schedules'])
    .where('push_paused', '=', false)
    .where((eb) => eb(eb.fn('cardinality', [eb.ref('push_schedules')]), '>', 0))
    .execute()
}
