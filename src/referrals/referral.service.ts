import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { lockUser } from '../users/user.repository.js'
import { ensureUser, type ChatIdentity } from '../users/user.service.js'
import {
  findUserByInviteCode,
  hasOrders,
  lockInviteBinds,
  inviteStats,
  setInviteCode,
  setInviter,
  uplineOf,
  type InviteStats,
} from './referral.repository.js'
import { bindRefusal, newInviteCode, normalizeInviteCode, type BindRefusal } from './referral-rules.js'

export interface InviteInfo extends InviteStats {
  readonly code: string
}

/** The user's invite code (made on first ask) and what their invitees brought them. */
export async function inviteInfo(db: Kysely<Database>, who: ChatIdentity): Promise<InviteInfo> {
  let user = await ensureUser(db, who)
  for (let attempt = 0; !user.invite_code && attempt < 5; attempt++) {
    await setInviteCode(db, user.id, newInviteCode())
    user = await ensureUser(db, who)
  }
  if (!user.invite_code) throw new Error('could not allocate an invite code')
  return { code: user.invite_code, ...(await inviteStats(db, user.id)) }
}

export type BindOutcome =
  | { readonly kind: 'bound'; readonly inviterName: string }
  | { readonly kind: BindRefusal | 'unknown-code' | 'invalid-code' }

/**
 * Binds a user to the inviter whose code they sent, if the referral rules
 * allow it. Binds are serialized, so no two of them can close a cycle.
 */
export async function bindInviter(
  db: Kysely<Database>,
  who: ChatIdentity,
  typedCode: string,
  options: { onlyBeforeFirstOrder: boolean },
): Promise<BindOutcome> {
  const code = normalizeInviteCode(typedCode)
  if (!code) return { kind: 'invalid-code' }
  const inviter = await findUserByInviteCode(db, code)
  if (!inviter) return { kind: 'unknown-code' }
  const self = await ensureUser(db, who)
  return db.transaction().execute(async (trx) => {
    // Binds are rare: they run one at a time, so no two of them can close a cycle.
    await lockInviteBinds(trx)
    const user = await lockUser(trx, self.id)
    if (!user) return { kind: 'unknown-code' }
    const refusal = bindRefusal({
      userId: user.id,
      currentInviterId: user.inviter_id,
      inviterId: inviter.id,
      inviterUpline: await uplineOf(trx, inviter.id),
      userHasOrders: await hasOrders(trx, user.id),
      onlyBeforeFirstOrder: options.onlyBeforeFirstOrder,
    })
    if (refusal) return { kind: refusal }
    await setInviter(trx, user.id, inviter.id)
    return { kind: 'bound', inviterName: inviter.display_name }
  })
}
