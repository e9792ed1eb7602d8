import { bindInviter } from '../referrals/referral.service.js'
import { inviteCodeIn } from '../referrals/referral-rules.js'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { helpText } from './help.text.js'
import { bindText } from '../referrals/referral.text.js'


/**
 * A new friend: welcome them, and when their request carried an invite code
 * (added through a friend's code) bind them to that friend.
 */
export async function welcomeFriend(
  deps: { readonly db: Kysely<Database>; readonly referrals: { readonly onlyBeforeFirstOrder: boolean } },
  friend: { contactId: string; displayName: string; hello: string }): Promise<string> {
  const code = inviteCodeIn(friend.hello)
  if (!code) return helpText()
  const outcome = await bindInviter(deps.db, friend, code, deps.referrals)
  return outcome.kind === 'bound' ? `${bindText(outcome)}\n\n${helpText()}` : helpText()
}
