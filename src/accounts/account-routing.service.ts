import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Outbox } from '../outbox/outbox.js'
import type { OutboxMessage } from '../queue/payloads.js'
import { accountFor, chooseAccount, knownAccounts } from './account.service.js'

/** A message for a conversation, to be queued on the outbox of the account that serves it. */
export interface Routable {
  readonly conversationId: string
  /** Once-only key; an operator's notice about an account's trouble carries `account-trouble:<account>:…`. */
  readonly dedupeKey: string
}

const TROUBLE_KEY = /^account-trouble:([^:]+):/

/**
 * Groups messages by the account that should send them: a group's owner
 * account, else the account that knows the contact best, else `fallback`
 * (this process's account: nobody has been seen by any account yet). An
 * operator's notice about one account's trouble goes through another account
 * when one knows the operator, else through the usual one (the troubled
 * account still sends notifications while it can). One look-up for the
 * whole batch.
 */
export async function routeByAccount<T extends Routable>(db: Kysely<Database>, messages: readonly T[], fallback: string): Promise<Map<string, T[]>> {
  const known = await knownAccounts(db, messages.map((message) => message.conversationId))
  const routed = new Map<string, T[]>()
  for (const message of messages) {
    const except = TROUBLE_KEY.exec(message.dedupeKey)?.[1]
    const candidates = known.get(message.conversationId) ?? []
    const account = (except === undefined ? undefined : chooseAccount(candidates, except)) ?? chooseAccount(candidates) ?? fallback
    const list = routed.get(account)
    if (list) list.push(message)
    else routed.set(account, [message])
  }
  return routed
}

/** The account that should send to one conversation (see routeByAccount). */
export async function accountToSend(db: Kysely<Database>, conversationId: string, fallback: string): Promise<string> {
  return (await accountFor(db, conversationId)) ?? fallback
}

/** Many messages, each on the outbox of the account that serves its conversation: one look-up, one bulk add per account. */
export async function enqueueRouted(
  db: Kysely<Database>,
  outboxFor: (account: string) => Pick<Outbox, 'enqueueMany'>,
  fallback: string,
  messages: readonly { readonly message: OutboxMessage; readonly dedupeKey: string }[],
): Promise<void> {
  const routed = await routeByAccount(
    db,
    messages.map((m) => ({ ...m, conversationId: m.message.conversationId })),
    fallback,
  )
  await Promise.all([...routed].map(([account, part]) => outboxFor(account).enqueueMany(part)))
}
