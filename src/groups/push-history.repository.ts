import { sql, type Kysely, type Transaction } from 'kysely'
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

/**
 * A copy of several items is one message but one history row per item: the
 * rows' slots are the message's slot + `#` + the item (copyItemSlot).
 */
export const ITEM_SLOT_SEPARATOR = '#'

/** The history slot of one item of a copy pushed in `postSlot`. */
export function copyItemSlot(postSlot: string, item: { readonly platform: Platform; readonly itemId: string }): string {
  return `${postSlot}${ITEM_SLOT_SEPARATOR}${item.platform}-${item.itemId}`
}

/**
 * Marks a slot's push as dropped by the outbox, with every item row of a
 * copy pushed in that slot (`slot#…`); true when a recorded push was marked.
 */
export async function markPushDropped(db: Kysely<Database>, roomId: string, slot: string, reason: string): Promise<boolean> {
  return (await markPushesDropped(db, [roomId], slot, reason)) > 0
}

/** markPushDropped for one slot in many groups (a fanned-out copy the outbox never got); the rows marked. */
export async function markPushesDropped(db: Kysely<Database>, roomIds: readonly string[], slot: string, reason: string): Promise<number> {
  if (roomIds.length === 0) return 0
  const prefix = slot + ITEM_SLOT_SEPARATOR
  const updated = await db
    .updateTable('push_history')
    .set({ dropped_at: new Date(), drop_reason: reason.slice(0, 64) })
    .where('room_id', 'in', [...roomIds])
    // left() rather than LIKE: a slot may hold `_` or `%`.
    .where((eb) => eb.or([eb('slot', '=', slot), eb(sql<string>`left(slot, ${prefix.length})`, '=', prefix)]))
    .where('dropped_at', 'is', null)
    .returning('id')
    .execute()
  return updated.length
}

const OWNER_PUSH_LOCK_CLASS = 727_014

/**
 * Serialises one owner's copy pushes for the rest of the transaction: two
 * sources posting the same item at once would otherwise both find it new in
 * a group and both push it.
 */
export async function lockOwnerPushes(trx: Transaction<Database>, ownerContactId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${OWNER_PUSH_LOCK_CLASS}, hashtext(${ownerContactId}))`.execute(trx)
}

/** Rows per statement: 5 parameters a row stays well under PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 5_000

/**
 * Records many pushes (rows of one copy to many groups) in as few
 * statements as fit; a row whose (room, slot) exists is skipped. Resolves
 * to the rows inserted, as `room_id` + `slot`.
 */
export async function recordPushes(
  db: Kysely<Database>,
  pushes: readonly { roomId: string; slot: string; platform: Platform; itemId: string; title: string }[],
): Promise<{ room_id: string; slot: string }[]> {
  const inserted: { room_id: string; slot: string }[] = []
  for (let i = 0; i < pushes.length; i += ROWS_PER_INSERT) {
    const part = pushes.slice(i, i + ROWS_PER_INSERT)
    inserted.push(
      ...(await db
        .insertInto('push_history')
        .values(part.map((p) => ({ room_id: p.roomId, slot: p.slot, platform: p.platform, item_id: p.itemId, title: p.title.slice(0, 200) })))
        .onConflict((oc) => oc.columns(['room_id', 'slot']).doNothing())
        .returning(['room_id', 'slot'])
        .execute()),
    )
  }
  return inserted
}

/**
 * Which of these items each of these groups got since `since` and kept (a
 * push the outbox dropped never reached the group), as `room|platform:item`;
 * one statement for all groups × items.
 */
export async function itemsPushedSince(
  db: Kysely<Database>,
  roomIds: readonly string[],
  items: readonly { readonly platform: Platform; readonly itemId: string }[],
  since: Date,
): Promise<Set<string>> {
  if (roomIds.length === 0 || items.length === 0) return new Set()
  const { rows } = await sql<{ room_id: string; platform: string; item_id: string }>`
    select distinct room_id, platform, item_id from push_history
    where room_id = any(${[...roomIds]}::text[])
      and (platform, item_id) in (select * from unnest(${items.map((i) => i.platform)}::text[], ${items.map((i) => i.itemId)}::text[]))
      and pushed_at >= ${since} and dropped_at is null`.execute(db)
  return new Set(rows.map((r) => pushedItemKey(r.room_id, r.platform, r.item_id)))
}

/** The key itemsPushedSince answers with. */
export function pushedItemKey(roomId: string, platform: string, itemId: string): string {
  return `${roomId}|${platform}:${itemId}`
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
