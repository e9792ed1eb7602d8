import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** A user as a console list shows them. */
export interface UserListRow {
  readonly id: string
  readonly displayName: string
  readonly contactId: string
  readonly inviteCode: string | null
  readonly createdAt: Date
}

/** `%` and `_` typed by the operator are letters, not wildcards. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Users whose display name contains the text, or whose contact id or invite
 * code is exactly it, or who own an order with that order or sub-order number;
 * newest first.
 */
export async function searchUsers(db: Kysely<Database>, text: string, limit: number): Promise<UserListRow[]> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name', 'u.contact_id', 'u.invite_code', 'u.created_at'])
    .where((eb) =>
      eb.or([
        eb('u.display_name', 'ilike', `%${likeEscaped(text)}%`),
        eb('u.contact_id', '=', text),
        eb('u.invite_code', '=', text),
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('orders as o')
            .select('o.user_id')
            .where((o) => o.or([o('o.order_id', '=', text), o('o.sub_order_id', '=', text)]))
            .where('o.user_id', 'is not', null)
            .$narrowType<{ user_id: string }>(),
        ),
      ]),
    )
    .orderBy('u.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, contactId: r.contact_id, inviteCode: r.invite_code, createdAt: r.created_at }))
}

/** One ledger transaction as it moved one user's money: the change of each of their buckets (fen). */
export interface UserLedgerEntry {
  readonly id: string
  readonly idempotencyKey: string
  readonly kind: string
  readonly orderRowId: string | null
  readonly createdAt: Date
  readonly pendingFen: number
  readonly availableFen: number
  readonly heldFen: number
  readonly withdrawnFen: number
}

/** The user's ledger transactions, newest first, before a transaction id (keyset paging). */
export async function userLedgerEntries(db: Kysely<Database>, userId: string, page: { before?: string | undefined; limit: number }): Promise<UserLedgerEntry[]> {
  const result = await sql<{
    id: string
    idempotency_key: string
    kind: string
    order_row_id: string | null
    created_at: Date
    pending: string
    available: string
    held: string
    withdrawn: string
  }>`
    select t.id::text as id, t.idempotency_key, t.kind, t.order_row_id::text as order_row_id, t.created_at,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:pending'), 0) as pending,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:available'), 0) as available,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:held'), 0) as held,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:withdrawn'), 0) as withdrawn
    from ledger_postings p
    join ledger_transactions t on t.id = p.transaction_id
    where p.user_id = ${userId} and (${page.before ?? null}::bigint is null or t.id < ${page.before ?? null}::bigint)
    group by t.id
    order by t.id desc
    limit ${page.limit}`.execute(db)
  return result.rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    orderRowId: r.order_row_id,
    createdAt: new Date(r.created_at),
    pendingFen: Number(r.pending),
    availableFen: Number(r.available),
    heldFen: Number(r.held),
    withdrawnFen: Number(r.withdrawn),
  }))
}

export interface InviteeRow extends UserListRow {
  readonly level: 1 | 2
  readonly invitedAt: Date | null
}

/** Who the user invited (level 1) and whom those invited (level 2), newest first, at most `limit` of each level. */
export async function invitees(db: Kysely<Database>, userId: string, limit: number): Promise<InviteeRow[]> {
  const columns = ['u.id', 'u.display_name', 'u.contact_id', 'u.invite_code', 'u.created_at', 'u.invited_at'] as const
  const first = await db.selectFrom('users as u').select(columns).where('u.inviter_id', '=', userId).orderBy('u.id', 'desc').limit(limit).execute()
  const second = await db
    .selectFrom('users as u')
    .innerJoin('users as up', 'up.id', 'u.inviter_id')
    .select(columns)
    .where('up.inviter_id', '=', userId)
    .orderBy('u.id', 'desc')
    .limit(limit)
    .execute()
  const row = (level: 1 | 2) => (r: (typeof first)[number]): InviteeRow => ({
    id: r.id,
    displayName: r.display_name,
    contactId: r.contact_id,
    inviteCode: r.invite_code,
    createdAt: r.created_at,
    invitedAt: r.invited_at,
    level,
  })
  return [...first.map(row(1)), ...second.map(row(2))]
}

/** How many users the user invited at each level (the lists above are capped). */
export async function inviteeCounts(db: Kysely<Database>, userId: string): Promise<{ level1: number; level2: number }> {
  const result = await sql<{ level1: string; level2: string }>`
    select (select count(*) from users where inviter_id = ${userId}) as level1,
      (select count(*) from users u join users up on up.id = u.inviter_id where up.inviter_id = ${userId}) as level2`.execute(db)
  const r = result.rows[0]
  return { level1: Number(r?.level1 ?? 0), level2: Number(r?.level2 ?? 0) }
}
