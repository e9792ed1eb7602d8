import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { userAccount } from './accounts.js'
import type { Position } from './rebate-position.js'

export interface PostingInput {
  readonly account: string
  readonly userId: string | null
  readonly amountFen: number
}

export interface TransactionInput {
  readonly idempotencyKey: string
  readonly kind: string
  readonly orderRowId: string | null
  readonly userId: string | null
  readonly postings: readonly PostingInput[]
}

/** What is posted for one (order, beneficiary): their pending/available sums and how many transactions. */
export interface PostedState extends Position {
  readonly transactions: number
}

export const postedKey = (orderRowId: string, userId: string): string => `${orderRowId}/${userId}`

/** Posted state of every beneficiary of these orders, keyed by `postedKey(order, user)`. */
export async function postedStates(db: Kysely<Database>, orderRowIds: readonly string[]): Promise<Map<string, PostedState>> {
  const states = new Map<string, PostedState>()
  if (orderRowIds.length === 0) return states
  // The lateral subquery keeps the plan to index lookups per transaction whatever the
  // statistics say (a hash join over all postings would grow with the ledger).
  const result = await sql<{ order_row_id: string; user_id: string; transactions: string; pending: string; available: string }>`
    select t.order_row_id, t.user_id, count(*) as transactions,
      coalesce(sum(p.pending), 0) as pending, coalesce(sum(p.available), 0) as available
    from ledger_transactions t
    cross join lateral (
      select sum(amount_fen) filter (where account like '%:pending' and user_id = t.user_id) as pending,
             sum(amount_fen) filter (where account like '%:available' and user_id = t.user_id) as available
      from ledger_postings where transaction_id = t.id
    ) p
    where t.order_row_id = any(${sql.val([...orderRowIds])}::bigint[]) and t.user_id is not null
    group by t.order_row_id, t.user_id`.execute(db)
  for (const row of result.rows) {
    states.set(postedKey(row.order_row_id, row.user_id), {
      transactions: Number(row.transactions),
      pendingFen: Number(row.pending),
      availableFen: Number(row.available),
    })
  }
  return states
}

/**
 * Appends transactions and their postings in one statement. A transaction
 * whose idempotency key exists already is skipped with its postings.
 * Returns the keys actually appended.
 */
export async function appendTransactions(db: Kysely<Database>, inputs: readonly TransactionInput[]): Promise<Set<string>> {
  const wanted = inputs.filter((input) => input.postings.some((p) => p.amountFen !== 0))
  if (wanted.length === 0) return new Set()
  const postings = wanted.flatMap((input) => input.postings.filter((p) => p.amountFen !== 0).map((p) => ({ key: input.idempotencyKey, ...p })))
  const result = await sql<{ idempotency_key: string }>`
    with appended as (
      insert into ledger_transactions (idempotency_key, kind, order_row_id, user_id)
      select * from unnest(${sql.val(wanted.map((i) => i.idempotencyKey))}::text[], ${sql.val(wanted.map((i) => i.kind))}::text[],
        ${sql.val(wanted.map((i) => i.orderRowId))}::bigint[], ${sql.val(wanted.map((i) => i.userId))}::bigint[])
      on conflict (idempotency_key) do nothing
      returning id, idempotency_key
    ), posted as (
      insert into ledger_postings (transaction_id, account, user_id, amount_fen)
      select a.id, p.account, p.user_id, p.amount_fen
      from unnest(${sql.val(postings.map((p) => p.key))}::text[], ${sql.val(postings.map((p) => p.account))}::text[],
        ${sql.val(postings.map((p) => p.userId))}::bigint[], ${sql.val(postings.map((p) => p.amountFen))}::bigint[])
        as p(idempotency_key, account, user_id, amount_fen)
      join appended a using (idempotency_key)
    )
    select idempotency_key from appended`.execute(db)
  return new Set(result.rows.map((row) => row.idempotency_key))
}

/** One transaction; false when its idempotency key was already used. */
export async function appendTransaction(db: Kysely<Database>, input: TransactionInput): Promise<boolean> {
  return (await appendTransactions(db, [input])).has(input.idempotencyKey)
}

export interface Balances {
  readonly pendingFen: number
  readonly availableFen: number
  /** Requested withdrawals not yet decided. */
  readonly heldFen: number
  readonly withdrawnFen: number
}

/** A user's balances, derived from every posting to their accounts. */
export async function userBalances(db: Kysely<Database>, userId: string): Promise<Balances> {
  const rows = await db
    .selectFrom('ledger_postings')
    .select(['account', (eb) => eb.fn.sum<string>('amount_fen').as('total')])
    .where('user_id', '=', userId)
    .groupBy('account')
    .execute()
  const sum = (suffix: string): number =>
    rows.filter((r) => r.account.endsWith(suffix)).reduce((total, r) => total + Number(r.total), 0)
  return { pendingFen: sum(':pending'), availableFen: sum(':available'), heldFen: sum(':held'), withdrawnFen: sum(':withdrawn') }
}

/**
 * Several users' available balances in one statement (users without postings
 * are absent: 0). In a transaction that posted, it includes what it posted.
 */
export async function availableBalances(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('ledger_postings')
    .select(['user_id', (eb) => eb.fn.sum<string>('amount_fen').as('total')])
    .where(sql<boolean>`user_id = any(${sql.val([...userIds])}::bigint[])`)
    .where(sql<boolean>`account = any(${sql.val(userIds.map((id) => userAccount(id, 'available')))}::text[])`)
    .groupBy('user_id')
    .execute()
  return new Map(rows.flatMap((row) => (row.user_id === null ? [] : [[row.user_id, Number(row.total)] as const])))
}
