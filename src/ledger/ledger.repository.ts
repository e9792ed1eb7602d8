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

/** What is posted for one (order, beneficiary): their pending/available sums and how many transactions. */
export interface PostedState extends Position {
  readonly transactions: number
}

export const postedKey = (orderRowId: string, userId: string): string => `${orderRowId}/${userId}`

/** Posted state of every beneficiary of these orders, keyed by `postedKey(order, user)`. */
export async function postedStates(db: Kysely<Database>, orderRowIds: readonly string[]): Promise<Map<string, PostedState>> {
  const states = new Map<string, PostedState>()
  if (orderRowIds.length === 0) return states
  const result = await sql<{ order_row_id: string; user_id: string; transactions: string; pending: string; available: string }>`
    select t.order_row_id, t.user_id, count(distinct t.id) as transactions,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:pending' and p.user_id = t.user_id), 0) as pending,
      coalesce(sum(p.amount_fen) filter (where p.account like '%:available' and p.user_id = t.user_id), 0) as available
    from ledger_transactions t join ledger_postings p on p.transaction_id = t.id
    where t.order_row_id = any(${sql.val(orderRowIds)}::bigint[]) and t.user_id is not null
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
 * Appends transactions and their postings in two statements. A transaction
 * whose idempotency key exists already is skipped with its postings.
 * Returns the keys actually appended.
 */
export async function appendTransactions(db: Kysely<Database>, inputs: readonly TransactionInput[]): Promise<Set<string>> {
  const wanted = inputs.filter((input) => input.postings.some((p) => p.amountFen !== 0))
  if (wanted.length === 0) return new Set()
  const inserted = await db
    .insertInto('ledger_transactions')
    .values(wanted.map((i) => ({ idempotency_key: i.idempotencyKey, kind: i.kind, order_row_id: i.orderRowId, user_id: i.userId })))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'idempotency_key'])
    .execute()
  const idByKey = new Map(inserted.map((row) => [row.idempotency_key, row.id]))
  const postings = wanted.flatMap((input) => {
    const transactionId = idByKey.get(input.idempotencyKey)
    if (transactionId === undefined) return []
    return input.postings
      .filter((p) => p.amountFen !== 0)
      .map((p) => ({ transaction_id: transactionId, account: p.account, user_id: p.userId, amount_fen: p.amountFen }))
  })
  if (postings.length > 0) await db.insertInto('ledger_postings').values(postings).execute()
  return new Set(idByKey.keys())
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
