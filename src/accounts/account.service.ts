import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { accountsFor, accountsForMany, type KnownAccount, listAccounts as listAccountRows, setPaused } from './account.repository.js'
import type { SentToday } from './account-health.js'
import { beijingDate } from './beijing-date.js'
import type { AccountView } from './account.text.js'

export { recordConversation } from './account.repository.js'

/**
 * The account that should send to a conversation, or undefined when no
 * account has seen it (the caller then uses its default account). A group:
 * its owner account, whatever its state (never a second account into the same
 * group). A contact: the most recently seen account that is neither logged
 * out nor limited, else the most recently seen one. `except` leaves one
 * account out (an operator's notice about that account's trouble).
 */
export async function accountFor(db: Kysely<Database>, conversationId: string, options: { readonly except?: string } = {}): Promise<string | undefined> {
  return chooseAccount(await accountsFor(db, conversationId), options.except)
}

/** The accounts that know each of many conversations (one look-up for all), to choose from with `chooseAccount`. */
export async function knownAccounts(db: Kysely<Database>, conversationIds: readonly string[]): Promise<ReadonlyMap<string, readonly KnownAccount[]>> {
  return accountsForMany(db, conversationIds)
}

/** accountFor's rule on accounts already looked up (best first). */
export function chooseAccount(known: readonly KnownAccount[], except?: string): string | undefined {
  const owner = known.find((row) => row.isRoom)
  if (owner) return owner.account === except ? undefined : owner.account
  return known.find((row) => row.account !== except)?.account
}

/** Every account for the 账号 list; counts of an earlier day read as none. */
export async function listAccounts(db: Kysely<Database>, nowMs = Date.now()): Promise<AccountView[]> {
  const today = beijingDate(nowMs)
  return (await listAccountRows(db)).map((row) => ({
    name: row.name,
    state: row.state,
    stateReason: row.state_reason,
    paused: row.paused,
    pausedReason: row.paused_reason,
    lastSeenAt: row.last_seen_at,
    sentToday: row.sent_day === today ? (row.sent_today as SentToday) : {},
    backlog: row.backlog,
  }))
}

export type SteerOutcome = { readonly kind: 'unknown'; readonly name: string } | { readonly kind: 'done'; readonly name: string }

/**
 * An operator's pause: the account's bot stops sending pushes at its next
 * heartbeat (a few seconds); replies and notices still go. An unknown name
 * changes nothing.
 */
export async function pauseAccount(db: Kysely<Database>, name: string, reason: string | null): Promise<SteerOutcome> {
  return { kind: (await setPaused(db, name, true, reason)) ? 'done' : 'unknown', name }
}

/** Clears the operator's pause and the bot's own trouble (limited); a logged-out account still waits for its login. */
export async function resumeAccount(db: Kysely<Database>, name: string): Promise<SteerOutcome> {
  return { kind: (await setPaused(db, name, false, null)) ? 'done' : 'unknown', name }
}
