import type { Kysely } from 'kysely'
import { recordAudit, type AuditActor } from '../audit/audit.repository.js'
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
    firstSeenAt: row.first_seen_at,
  }))
}

export type SteerOutcome = { readonly kind: 'unknown'; readonly name: string } | { readonly kind: 'done'; readonly name: string }

/**
 * An operator's pause: the account's bot stops sending pushes at its next
 * heartbeat (a few seconds); replies and notices still go. An unknown name
 * changes nothing. With `audit`, the change is recorded in the audit log in
 * its own transaction.
 */
export async function pauseAccount(db: Kysely<Database>, name: string, reason: string | null, audit?: AuditActor): Promise<SteerOutcome> {
  return steer(db, name, true, reason, audit)
}

/**
 * Clears the operator's pause and the bot's own trouble (limited); a
 * logged-out account still waits for its login. The audit's reason is the
 * log's only (a resumed account keeps no reason).
 */
export async function resumeAccount(db: Kysely<Database>, name: string, audit?: { readonly actor: AuditActor; readonly reason?: string | undefined }): Promise<SteerOutcome> {
  return steer(db, name, false, audit?.reason ?? null, audit?.actor)
}

async function steer(db: Kysely<Database>, name: string, paused: boolean, reason: string | null, audit: AuditActor | undefined): Promise<SteerOutcome> {
  return db.transaction().execute(async (trx): Promise<SteerOutcome> => {
    const change = await setPaused(trx, name, paused, paused ? reason : null)
    if (!change) return { kind: 'unknown', name }
    if (audit) {
      await recordAudit(trx, {
        actor: audit,
        action: paused ? 'pause-account' : 'resume-account',
        target: { kind: 'account', id: name },
        before: change.before,
        after: change.after,
        reason: reason ?? undefined,
      })
    }
    return { kind: 'done', name }
  })
}
