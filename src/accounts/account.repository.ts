import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { AccountState, SentToday } from './account-health.js'
import type { BotAccountRow } from './account.table.js'

/** A conversation seen this recently by the same account is not written again. */
export const RECORD_REFRESH_MS = 10 * 60_000

/**
 * Notes that `account` has a conversation with a contact or group. Built for
 * every inbound message: one statement, and no write at all when this account
 * saw the conversation within `RECORD_REFRESH_MS`. A group already owned by
 * another account is left to it (first come owns it: the partial unique
 * index `account_contacts_room_owner`).
 */
export async function recordConversation(db: Kysely<Database>, account: string, conversationId: string, isRoom: boolean): Promise<void> {
  await sql`
    with refreshed as (
      update account_contacts set last_seen_at = now()
      where account = ${account} and conversation_id = ${conversationId}
        and last_seen_at < now() - ${RECORD_REFRESH_MS}::float8 * interval '1 millisecond'
      returning 1
    )
    insert into account_contacts (account, conversation_id, is_room)
    select ${account}, ${conversationId}, ${isRoom}
    where not exists (select 1 from account_contacts where account = ${account} and conversation_id = ${conversationId})
    on conflict do nothing`.execute(db)
}

/** An account that knows a conversation. */
export interface KnownAccount {
  readonly account: string
  readonly isRoom: boolean
  readonly state: AccountState | null
  readonly lastSeenAt: Date
}

/** Every account that knows a conversation, best sender first (healthy before troubled, then most recently seen). */
export async function accountsFor(db: Kysely<Database>, conversationId: string): Promise<KnownAccount[]> {
  return (await accountsForMany(db, [conversationId])).get(conversationId) ?? []
}

/** Ids per statement: a relay batch is a few thousand notices, far below PostgreSQL's parameter limit. */
const LOOKUP_CHUNK = 5000

/** `accountsFor` for many conversations in a statement per 5,000; a conversation no account knows is absent. */
export async function accountsForMany(db: Kysely<Database>, conversationIds: readonly string[]): Promise<Map<string, KnownAccount[]>> {
  const known = new Map<string, KnownAccount[]>()
  const ids = [...new Set(conversationIds)]
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await db
      .selectFrom('account_contacts as c')
      .leftJoin('bot_accounts as a', 'a.name', 'c.account')
      .select(['c.conversation_id', 'c.account', 'c.is_room', 'c.last_seen_at', 'a.state'])
      .where('c.conversation_id', 'in', ids.slice(i, i + LOOKUP_CHUNK))
      .orderBy('c.conversation_id')
      .orderBy(sql`coalesce(a.state, 'logged-in') in ('logged-out', 'limited')`)
      .orderBy('c.last_seen_at', 'desc')
      .orderBy('c.account')
      .execute()
    for (const row of rows) {
      const list = known.get(row.conversation_id) ?? []
      list.push({ account: row.account, isRoom: row.is_room, state: row.state, lastSeenAt: row.last_seen_at })
      known.set(row.conversation_id, list)
    }
  }
  return known
}

export interface AccountStateWrite {
  readonly name: string
  readonly state: AccountState
  readonly stateReason: string | null
  /** Beijing day (YYYY-MM-DD) that `sentToday` counts. */
  readonly sentDay: string
  readonly sentToday: SentToday
  readonly backlog: number
}

/** What operators set on an account, read back by its bot at every heartbeat. */
export interface OperatorSettings {
  readonly paused: boolean
  readonly pausedReason: string | null
  readonly resumedAt: Date | null
  readonly firstSeenAt: Date
}

/** The heartbeat: writes what the bot knows and returns what operators set, in one statement. */
export async function writeAccountState(db: Kysely<Database>, state: AccountStateWrite): Promise<OperatorSettings> {
  const values = {
    state: state.state,
    state_reason: state.stateReason,
    sent_day: state.sentDay,
    sent_today: JSON.stringify(state.sentToday),
    backlog: state.backlog,
    last_seen_at: sql<Date>`now()`,
    updated_at: sql<Date>`now()`,
  }
  const row = await db
    .insertInto('bot_accounts')
    .values({ name: state.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .returning(['paused', 'paused_reason', 'resumed_at', 'first_seen_at'])
    .executeTakeFirstOrThrow()
  return { paused: row.paused, pausedReason: row.paused_reason, resumedAt: row.resumed_at, firstSeenAt: row.first_seen_at }
}

export async function findAccount(db: Kysely<Database>, name: string): Promise<BotAccountRow | undefined> {
  return db.selectFrom('bot_accounts').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function listAccounts(db: Kysely<Database>): Promise<BotAccountRow[]> {
  return db.selectFrom('bot_accounts').selectAll().orderBy('name').execute()
}

/** What an operator's pause or resume changes on an account (the audit log's before and after). */
export interface PauseState {
  readonly paused: boolean
  readonly pausedReason: string | null
  readonly state: AccountState
  readonly stateReason: string | null
}

/**
 * Sets the operator's pause on a locked row and returns what it was and
 * became; undefined when there is no such account.
 */
export async function setPaused(
  trx: Transaction<Database>,
  name: string,
  paused: boolean,
  reason: string | null,
): Promise<{ before: PauseState; after: PauseState } | undefined> {
  const columns = ['paused', 'paused_reason', 'state', 'state_reason'] as const
  const before = await trx.selectFrom('bot_accounts').select(columns).where('name', '=', name).forUpdate().executeTakeFirst()
  if (!before) return undefined
  const after = await trx
    .updateTable('bot_accounts')
    .set(
      paused
        ? { paused: true, paused_reason: reason, updated_at: sql<Date>`now()` }
        : {
            paused: false,
            paused_reason: null,
            resumed_at: sql<Date>`clock_timestamp()`,
            // The bot clears its own trouble at its next heartbeat; until then the list already says resumed.
            state: sql<AccountState>`case when state = 'limited' then 'logged-in' else state end`,
            state_reason: sql<string | null>`case when state = 'limited' then null else state_reason end`,
            updated_at: sql<Date>`now()`,
          },
    )
    .where('name', '=', name)
    .returning(columns)
    .executeTakeFirstOrThrow()
  return { before: pauseState(before), after: pauseState(after) }
}

function pauseState(row: { paused: boolean; paused_reason: string | null; state: AccountState; state_reason: string | null }): PauseState {
  return { paused: row.paused, pausedReason: row.paused_reason, state: row.state, stateReason: row.state_reason }
}

/** Whether a notice with this once-only key is still waiting to be sent. */
export async function noticePending(db: Kysely<Database>, dedupeKey: string): Promise<boolean> {
  const row = await db.selectFrom('notice_outbox').select('id').where('dedupe_key', '=', dedupeKey).limit(1).executeTakeFirst()
  return row !== undefined
}
