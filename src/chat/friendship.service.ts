import { bindInviter } from '../referrals/referral.service.js'
import { normalizeInviteCode } from '../referrals/referral-rules.js'
import type { ChatDeps } from './chat.service.js'
import { helpText } from './help-text.js'
import { bindText } from './referral-text.js'

/** The first invite-code-shaped word of a friend request's greeting (e.g. "我是小明 K7M2QX"). */
export function inviteCodeIn(hello: string): string | undefined {
  for (const word of hello.split(/[\s,，。:：]+/)) {
    const code = normalizeInviteCode(word)
    if (code) return code
  }
  return undefined
}

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
