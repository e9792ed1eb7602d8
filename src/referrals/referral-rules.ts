/** Why an invite code cannot bind this user. */
export type BindRefusal = 'self' | 'already-bound' | 'cycle' | 'has-orders'

export interface BindFacts {
  readonly userId: string
  /** The user's inviter, if already bound (never rebinding). */
  readonly currentInviterId: string | null
  readonly inviterId: string
  /** The inviter's own upline, nearest first, as far as it goes. */
  readonly inviterUpline: readonly string[]
  readonly userHasOrders: boolean
  /** Configuration: binding is only allowed before the user's first order. */
  readonly onlyBeforeFirstOrder: boolean
}

/**
 * The referral rules: no self-invite, one inviter per user and never
 * rebinding, no cycles (the user may not be anywhere above the inviter),
 * and by default only before the user's first order.
 */
export function bindRefusal(facts: BindFacts): BindRefusal | undefined {
  if (facts.inviterId === facts.userId) return 'self'
  if (facts.currentInviterId !== null) return 'already-bound'
  if (facts.inviterUpline.includes(facts.userId)) return 'cycle'
  if (facts.onlyBeforeFirstOrder && facts.userHasOrders) return 'has-orders'
  return undefined
}

// Unambiguous when read aloud or typed: no 0/O, 1/I/L.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INVITE_CODE_LENGTH = 6

export function newInviteCode(random: () => number = Math.random): string {
  let code = ''
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)] ?? 'A'
  return code
}

/** A typed invite code, normalized (case, spaces); undefined when it cannot be one. */
export function normalizeInviteCode(text: string): string | undefined {
  const code = text.trim().toUpperCase().replace(/\s+/g, '')
  return new RegExp(`^[${CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`).test(code) ? code : undefined
}

/** The first invite-code-shaped word of a text: a friend request's greeting ("我是小明 K7M2QX"), or 「绑定 K7M2QX 谢谢」. */
export function inviteCodeIn(text: string): string | undefined {
  for (const word of text.split(/[\s,，。:：!！]+/)) {
    const code = normalizeInviteCode(word)
    if (code) return code
  }
  return undefined
}
