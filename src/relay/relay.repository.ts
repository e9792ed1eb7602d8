import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'
import { NO_FILTER, type RelayFilter } from './relay-filter.js'
import type { RelayOutcome, RelaySourceRow } from './relay.table.js'

export async function sourcesOf(db: Kysely<Database>, ownerContactId: string): Promise<RelaySourceRow[]> {
  return db.selectFrom('relay_sources').selectAll().where('owner_contact_id', '=', ownerContactId).orderBy('id').execute()
}

/** The owners relaying a conversation. */
export async function ownersRelaying(db: Kysely<Database>, sourceId: string): Promise<string[]> {
  const rows = await db.selectFrom('relay_sources').select('owner_contact_id').where('source_id', '=', sourceId).orderBy('owner_contact_id').execute()
  return rows.map((r) => r.owner_contact_id)
}

/** False when the owner already has that source. */
export async function addSource(db: Kysely<Database>, source: { ownerContactId: string; sourceId: string; name: string; kind: 'group' | 'contact' }): Promise<boolean> {
  const row = await db
    .insertInto('relay_sources')
    .values({ owner_contact_id: source.ownerContactId, source_id: source.sourceId, name: source.name, kind: source.kind })
    .onConflict((oc) => oc.columns(['owner_contact_id', 'source_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

export async function removeSource(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('relay_sources').where('id', '=', id).execute()
}

/** Groups the bot knows by this exact topic. */
export async function groupsNamed(db: Kysely<Database>, topic: string): Promise<{ room_id: string; topic: string; owner_contact_id: string | null; relay_enabled: boolean }[]> {
  return db.selectFrom('groups').select(['room_id', 'topic', 'owner_contact_id', 'relay_enabled']).where('topic', '=', topic).execute()
}

/** Contacts who have talked to the bot (have a user row) by this exact display name. */
export async function contactsNamed(db: Kysely<Database>, name: string): Promise<{ contact_id: string; display_name: string }[]> {
  return db.selectFrom('users').select(['contact_id', 'display_name']).where('display_name', '=', name).execute()
}

export async function relayTargetsOf(db: Kysely<Database>, ownerContactId: string): Promise<{ room_id: string; topic: string }[]> {
  return db.selectFrom('groups').select(['room_id', 'topic']).where('owner_contact_id', '=', ownerContactId).where('relay_enabled', '=', true).orderBy('topic').execute()
}

/**
 * The owners who relay what is said in this conversation (a group, or a contact's direct chat): none when it is a
 * group receiving relays, which is never relayed from (no loops, and another owner naming it a source silences
 * nothing). `receivesRelays`: the group's relay switch when the caller has read its row already.
 */
export async function relayingOwners(db: Kysely<Database>, conversation: { readonly roomId?: string | undefined; readonly contactId: string }, receivesRelays?: boolean): Promise<string[]> {
  const owners = await ownersRelaying(db, conversation.roomId ?? conversation.contactId)
  if (owners.length === 0 || conversation.roomId === undefined) return owners
  return (receivesRelays ?? (await isRelayTarget(db, conversation.roomId))) ? [] : owners
}

export async function isRelayTarget(db: Kysely<Database>, roomId: string): Promise<boolean> {
  const row = await db.selectFrom('groups').select('room_id').where('room_id', '=', roomId).where('relay_enabled', '=', true).executeTakeFirst()
  return row !== undefined
}

export async function filterOf(db: Kysely<Database>, ownerContactId: string): Promise<RelayFilter> {
  const row = await db.selectFrom('relay_filters').selectAll().where('owner_contact_id', '=', ownerContactId).executeTakeFirst()
  if (!row) return NO_FILTER
  return { minCouponFen: row.min_coupon_fen, minCommissionFen: row.min_commission_fen, platforms: row.platforms as Platform[], blockedKeywords: row.blocked_keywords }
}

export async function saveFilter(db: Kysely<Database>, ownerContactId: string, filter: RelayFilter): Promise<void> {
  const values = {
    min_coupon_fen: filter.minCouponFen,
    min_commission_fen: filter.minCommissionFen,
    platforms: [...filter.platforms],
    blocked_keywords: [...filter.blockedKeywords],
  }
  await db
    .insertInto('relay_filters')
    .values({ owner_contact_id: ownerContactId, ...values })
    .onConflict((oc) => oc.column('owner_contact_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute()
}

export async function logRelay(
  db: Kysely<Database>,
  rows: readonly { ownerContactId: string; sourceId: string; platform?: Platform | undefined; itemId?: string | undefined; roomId?: string | undefined; outcome: RelayOutcome; reason?: string | undefined; slot?: string | undefined }[],
): Promise<void> {
  // Rows per statement: 7 parameters a row stays under PostgreSQL's 65,535 (a copy of 20 items to 500 groups is 10,000 rows).
  for (let i = 0; i < rows.length; i += 5_000) {
    await db
      .insertInto('relay_log')
      .values(
        rows.slice(i, i + 5_000).map((r) => ({
          owner_contact_id: r.ownerContactId,
          source_id: r.sourceId,
          platform: r.platform ?? null,
          item_id: r.itemId ?? null,
          room_id: r.roomId ?? null,
          outcome: r.outcome,
          reason: r.reason ?? null,
        slot: r.slot ?? null,
        })),
      )
      .execute()
  }
}

/** A relayed row whose push the outbox dropped: it never reached the group. */
const DROPPED_RELAY = sql<boolean>`exists (select 1 from push_history ph where ph.room_id = rl.room_id and ph.slot = rl.slot and ph.dropped_at is not null)`

/**
 * Per source of the owner: how many log rows of each outcome (items × groups for relayed and duplicates, items for
 * filtered); a relayed row whose push the outbox dropped counts as `dropped`, not relayed.
 */
export async function relayCounts(
  db: Kysely<Database>,
  ownerContactId: string,
): Promise<{ source_id: string; outcome: RelayOutcome | 'dropped'; count: number }[]> {
  const { rows } = await sql<{ source_id: string; outcome: RelayOutcome | 'dropped'; count: string }>`
    select rl.source_id, case when rl.outcome = 'relayed' and ${DROPPED_RELAY} then 'dropped' else rl.outcome end as outcome, count(*) as count
    from relay_log rl
    where rl.owner_contact_id = ${ownerContactId}
    group by 1, 2`.execute(db)
  return rows.map((r) => ({ source_id: r.source_id, outcome: r.outcome, count: Number(r.count) }))
}

/**
 * Per source of the owner: the owner's orders (bought through the owner's links) of an item relayed from that
 * source before the payment. An item relayed from two sources counts for the one that relayed it last before the
 * payment, as a push report credits the latest push of an item.
 */
export async function relayOrderCounts(db: Kysely<Database>, ownerContactId: string, allowanceMs: number): Promise<Map<string, number>> {
  const { rows } = await sql<{ source_id: string; orders: string }>`
    select s.source_id, count(*) as orders
    from orders o
    join users u on u.id = o.user_id
    join lateral (
      select rl.source_id from relay_log rl
      where rl.owner_contact_id = u.contact_id and rl.platform = o.platform and rl.item_id = o.item_id and rl.outcome = 'relayed'
        and rl.at <= o.paid_at + ${allowanceMs} * interval '1 millisecond' and not ${DROPPED_RELAY}
      order by rl.at desc, rl.id desc
      limit 1
    ) s on true
    where u.contact_id = ${ownerContactId}
    group by s.source_id`.execute(db)
  return new Map(rows.map((r) => [r.source_id, Number(r.orders)]))
}
