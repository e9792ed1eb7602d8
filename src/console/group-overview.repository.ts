import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Platform } from '../links/parsed-link.js'

/** A group with its settings and owner as the console lists them. */
export interface GroupListRow {
  readonly roomId: string
  readonly topic: string
  readonly ownerContactId: string | null
  /** The owner's user, when the owner has talked to the bot. */
  readonly ownerUserId: string | null
  readonly ownerName: string | null
  readonly rebateEnabled: boolean
  readonly pushSchedules: readonly string[]
  readonly pushCategories: readonly string[]
  readonly pushPaused: boolean
  readonly memberCount: number | null
  readonly memberCountAt: Date | null
  readonly lastPushedAt: Date | null
  readonly createdAt: Date
}

function groupQuery(db: Kysely<Database>) {
  return db
    .selectFrom('groups as g')
    .leftJoin('users as u', 'u.contact_id', 'g.owner_contact_id')
    .selectAll('g')
    .select(['u.id as owner_user_id', 'u.display_name as owner_name'])
    .select((eb) =>
      eb
        .selectFrom('push_history as p')
        .select((p) => p.fn.max('p.pushed_at').as('at'))
        .whereRef('p.room_id', '=', 'g.room_id')
        .where('p.dropped_at', 'is', null)
        .as('last_pushed_at'),
    )
}

type Joined = Awaited<ReturnType<ReturnType<typeof groupQuery>['executeTakeFirstOrThrow']>>

function toRow(r: Joined): GroupListRow {
  return {
    roomId: r.room_id,
    topic: r.topic,
    ownerContactId: r.owner_contact_id,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    rebateEnabled: r.rebate_enabled,
    pushSchedules: r.push_schedules,
    pushCategories: r.push_categories,
    pushPaused: r.push_paused,
    memberCount: r.member_count,
    memberCountAt: r.member_count_at,
    lastPushedAt: r.last_pushed_at === null ? null : new Date(r.last_pushed_at),
    createdAt: r.created_at,
  }
}

/** Every group the bot knows, by topic. */
export async function listGroupRows(db: Kysely<Database>, limit: number): Promise<GroupListRow[]> {
  const rows = await groupQuery(db).orderBy('g.topic').orderBy('g.room_id').limit(limit).execute()
  return rows.map(toRow)
}

export async function findGroupRow(db: Kysely<Database>, roomId: string): Promise<GroupListRow | undefined> {
  const row = await groupQuery(db).where('g.room_id', '=', roomId).executeTakeFirst()
  return row ? toRow(row) : undefined
}

/** A push to a group, sent or dropped by the outbox. */
export interface PushRow {
  readonly id: string
  readonly slot: string
  readonly platform: Platform
  readonly itemId: string
  readonly title: string
  readonly pushedAt: Date
  readonly droppedAt: Date | null
  readonly dropReason: string | null
}

/** The group's pushes since a moment, newest first. */
export async function pushesSince(db: Kysely<Database>, roomId: string, since: Date, limit: number): Promise<PushRow[]> {
  const rows = await db
    .selectFrom('push_history')
    .selectAll()
    .where('room_id', '=', roomId)
    .where('pushed_at', '>=', since)
    .orderBy('pushed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    slot: r.slot,
    platform: r.platform,
    itemId: r.item_id,
    title: r.title,
    pushedAt: r.pushed_at,
    droppedAt: r.dropped_at,
    dropReason: r.drop_reason,
  }))
}
