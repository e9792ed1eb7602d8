import type { Kysely } from 'kysely'
import { auditActorFor } from '../audit/audit-actor.service.js'
import type { Database } from '../db/database.js'
import { listAccounts, pauseAccount, resumeAccount } from './account.service.js'
import { ACCOUNT_COMMAND_USAGE, accountsText, pausedText, resumedText, unknownAccountText } from './account.text.js'

export type AccountCommand = 'accounts' | 'pause-account' | 'resume-account'

export interface AccountCommandDeps {
  readonly db: Kysely<Database>
  readonly operators: readonly string[]
  readonly timeZone: string
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/

/**
 * 账号 / 暂停账号 NAME [原因] / 恢复账号 NAME, for operators in a direct chat.
 * Undefined for anyone else (they get what unknown text gets). A name that
 * is no account is answered clearly and changes nothing. Each change is
 * recorded in the audit log as the operator's.
 */
export async function runAccountCommand(deps: AccountCommandDeps, contactId: string, command: AccountCommand, args: string): Promise<string | undefined> {
  if (!deps.operators.includes(contactId)) return undefined
  if (command === 'accounts') return accountsText(await listAccounts(deps.db), deps.timeZone)
  const [name = '', ...reasonWords] = args.trim().split(/\s+/)
  if (name === '') return command === 'pause-account' ? ACCOUNT_COMMAND_USAGE.pause : ACCOUNT_COMMAND_USAGE.resume
  if (!NAME.test(name)) return unknownAccountText(name.slice(0, 64))
  const actor = await auditActorFor(deps.db, contactId)
  const reason = reasonWords.join(' ').trim().slice(0, 100)
  if (command === 'pause-account') {
    const outcome = await pauseAccount(deps.db, name, reason === '' ? null : reason, actor)
    return outcome.kind === 'unknown' ? unknownAccountText(name) : pausedText(name)
  }
  const outcome = await resumeAccount(deps.db, name, { actor, reason: reason === '' ? undefined : reason })
  return outcome.kind === 'unknown' ? unknownAccountText(name) : resumedText(name)
}
