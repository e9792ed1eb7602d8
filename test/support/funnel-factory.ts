import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { insertConversion } from '../../src/conversions/conversion.repository.js'
import type { Database } from '../../src/db/database.js'
import { upsertGroup } from '../../src/groups/group.repository.js'
import { rebatesAccount, userAccount } from '../../src/ledger/accounts.js'
import { appendTransaction } from '../../src/ledger/ledger.repository.js'
import type { Platform } from '../../src/links/parsed-link.js'
import type { OrderStatus } from '../../src/platforms/order-feed.js'
import { recordGroupMemberCount } from '../../src/reports/funnel.service.js'
import type { UserRow } from '../../src/users/user.table.js'

/** Seed rows for the funnel, written straight to the tables the web edge, the outbox and crediting write. */

/** Beijing wall-clock time ("2026-11-10 09:05") as an instant. */
export const bj = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+08:00`)

export async function seedGroup(db: Kysely<Database>, group: { roomId: string; topic: string; owner: UserRow; memberCount?: number }): Promise<void> {
  await upsertGroup(db, { roomId: group.roomId, topic: group.topic, ownerContactId: group.owner.contact_id })
  if (group.memberCount !== undefined) await recordGroupMemberCount(db, group.roomId, group.memberCount)
}

export interface SeededPush {
  readonly id: string
  readonly roomId: string
  readonly slot: string
  readonly platform: Platform
  readonly itemId: string
}

/** A push_history row sent at `at` (or dropped by the outbox). */
export async function seedPush(
  db: Kysely<Database>,
  push: { roomId: string; slot: string; platform: Platform; itemId: string; at: Date; dropped?: boolean },
): Promise<SeededPush> {
  const row = await db
    .insertInto('push_history')
    .values({ room_id: push.roomId, slot: push.slot, platform: push.platform, item_id: push.itemId, title: `商品${push.itemId}`, pushed_at: push.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (push.dropped) await db.updateTable('push_history').set({ dropped_at: push.at, drop_reason: 'daily-cap' }).where('id', '=', row.id).execute()
  return { id: row.id, roomId: push.roomId, slot: push.slot, platform: push.platform, itemId: push.itemId }
}

/** A conversion the short link points at (the FK needs one). */
async function seedConversion(db: Kysely<Database>, user: UserRow, platform: Platform, itemId: string, roomId: string | null): Promise<string> {
  const row = await insertConversion(db, {
    user_id: user.id,
    room_id: roomId,
    platform,
    item_id: itemId,
    material: 'funnel-test',
    attribution_id: user.attribution_id,
    promo_url: `https://u.jd.com/${randomUUID().slice(0, 8)}`,
    tpwd: null,
    title: `商品${itemId}`,
    price_fen: 10_000,
    coupon_fen: 0,
    price_after_coupon_fen: 10_000,
    commission_rate_bp: 1000,
    commission_fen: 1000,
    rebate_fen: 500,
    purpose: roomId ? 'push' : 'reply',
  })
  return row.id
}

/** A push's short link (its code), as the landing pages create it. */
export async function seedPushLink(db: Kysely<Database>, push: SeededPush, owner: UserRow): Promise<string> {
  const code = `p${randomUUID().replace(/-/g, '').slice(0, 11)}`
  await db
    .insertInto('short_links')
    .values({
      code,
      kind: 'push',
      user_id: owner.id,
      room_id: push.roomId,
      slot: push.slot,
      platform: push.platform,
      item_id: push.itemId,
      conversion_id: await seedConversion(db, owner, push.platform, push.itemId, push.roomId),
      image_url: null,
      coupon_end_at: null,
    })
    .execute()
  return code
}

/** A reply's short link (a user's own link for an item). */
export async function seedReplyLink(db: Kysely<Database>, user: UserRow, platform: Platform, itemId: string): Promise<string> {
  const code = `r${randomUUID().replace(/-/g, '').slice(0, 11)}`
  await db
    .insertInto('short_links')
    .values({
      code,
      kind: 'reply',
      user_id: user.id,
      room_id: null,
      slot: null,
      platform,
      item_id: itemId,
      conversion_id: await seedConversion(db, user, platform, itemId, null),
      image_url: null,
      coupon_end_at: null,
    })
    .execute()
  return code
}

export async function seedClick(
  db: Kysely<Database>,
  click: { code: string; at: Date; action: 'view' | 'copy' | 'open'; visitor: string; isBot?: boolean },
): Promise<void> {
  await db
    .insertInto('clicks')
    .values({ code: click.code, at: click.at, action: click.action, in_wechat: true, browser: 'wechat', visitor: click.visitor, is_bot: click.isBot ?? false })
    .execute()
}

/** An order row attributed to `user` by their platform id, in the state the status machine left it. */
export async function seedOrder(
  db: Kysely<Database>,
  order: {
    user: UserRow
    platform: Platform
    itemId: string
    paidAt: Date
    status: OrderStatus
    paidFen: number
    estimatedFen: number
    settledFen?: number | null
  },
): Promise<string> {
  const id = randomUUID().replace(/-/g, '').slice(0, 16)
  const row = await db
    .insertInto('orders')
    .values({
      platform: order.platform,
      sub_order_id: `${id}-1`,
      order_id: id,
      item_id: order.itemId,
      item_title: `商品${order.itemId}`,
      quantity: 1,
      paid_fen: order.paidFen,
      status: order.status,
      estimated_commission_fen: order.estimatedFen,
      settled_commission_fen: order.settledFen ?? null,
      platform_attribution_id: order.user.attribution_id,
      relation_id: null,
      paid_at: order.paidAt,
      received_at: null,
      settled_at: null,
      platform_updated_at: order.paidAt,
      user_id: order.user.id,
      attribution: 'platform_id',
      attribution_note: null,
      attributed_at: order.paidAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** One ledger movement on an order for a beneficiary, as crediting posts it (`role:kind`, user against the house). */
export async function seedMovement(
  db: Kysely<Database>,
  movement: { orderRowId: string; platform: Platform; user: UserRow; role: 'buyer' | 'group_owner' | 'l1' | 'l2'; kind: string; pendingFen: number; availableFen: number },
): Promise<void> {
  const { user } = movement
  const postings = [
    { account: userAccount(user.id, 'pending'), userId: user.id, amountFen: movement.pendingFen },
    { account: userAccount(user.id, 'available'), userId: user.id, amountFen: movement.availableFen },
    { account: rebatesAccount(movement.platform), userId: null, amountFen: -(movement.pendingFen + movement.availableFen) },
  ].filter((p) => p.amountFen !== 0)
  await appendTransaction(db, {
    idempotencyKey: `test:${movement.orderRowId}:${user.id}:${movement.role}:${movement.kind}:${randomUUID()}`,
    kind: `${movement.role}:${movement.kind}`,
    orderRowId: movement.orderRowId,
    userId: user.id,
    postings,
  })
}
