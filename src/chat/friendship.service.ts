import { bindInviter } from '../referrals/referral.service.js'
import { inviteCodeIn } from '../referrals/referral-rules.js'
import type { ChatDeps } from './chat.service.js'
import { helpText } from './help-text.js'
import { bindText } from './referral-text.js'


/**
 * A new friend: welcome them, and when their request carried an invite code
 * (added through a friend's code) bind them to that friend.
 */
export async function welcomeFriend(deps: ChatDeps, friend: { contactId: string; displayName: string; hello: string }): Promise<string> {
  const code = inviteCodeIn(friend.hello)
  if (!code) return helpText()
  const outcome = await bindInviter(deps.db, friend, code, deps.referrals)
  return outcome.kind === 'bound' ? `${bindText(outcome)}\n\n${helpText()}` : helpText()
}
