import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
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

/** What is posted to a user's pending/available accounts for one order. */
export async function postedPosition(db: Kysely<Database>, orderRowId: string, userId: string): Promise<Position> {
  const rows = await db
    .selectFrom('ledger_postings as p')
    .innerJoin('ledger_transactions as t', 't.id', 'p.transaction_id')
    .select(['p.account', (eb) => eb.fn.sum<string>('p.amount_fen').as('total')])
    .where('t.order_row_id', '=', orderRowId)
    .where('t.user_id', '=', userId)
    .where('p.user_id', '=', userId)
    .groupBy('p.account')
    .execute()
  let pendingFen = 0
  let availableFen = 0
  for (const row of rows) {
    if (row.account.endsWith(':pending')) pendingFen += Number(row.total)
    else if (row.account.endsWith(':available')) availableFen += Number(row.total)
  }
  return { pendingFen, availableFen }
}

export async function countTransactions(db: Kysely<Database>, orderRowId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('order_row_id', '=', orderRowId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Appends one transaction and its postings in a single statement. Returns
 * false when a transaction with this idempotency key already exists.
 */
export async function appendTransaction(db: Kysely<Database>, input: TransactionInput): Promise<boolean> {
  const postings = input.postings.filter((p) => p.amountFen !== 0)
  if (postings.length === 0) return false
  const values = sql.join(postings.map((p) => sql`(${p.account}, ${p.userId}::bigint, ${p.amountFen}::bigint)`))
  const result = await sql<{ id: string }>`
    with t as (
      insert into ledger_transactions (idempotency_key, kind, order_row_id, user_id)
      values (${input.idempotencyKey}, ${input.kind}, ${input.orderRowId}::bigint, ${input.userId}::bigint)
      on conflict (idempotency_key) do nothing
      returning id
    )
    insert into ledger_postings (transaction_id, account, user_id, amount_fen)
    select t.id, v.account, v.user_id, v.amount_fen from t, (values ${values}) as v(account, user_id, amount_fen)
    returning transaction_id as id`.execute(db)
  return result.rows.length > 0
}

export interface Balances {
  readonly pendingFen: number
  readonly availableFen: number
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
  return { pendingFen: sum(':pending'), availableFen: sum(':available'), withdrawnFen: sum(':withdrawn') }
}
