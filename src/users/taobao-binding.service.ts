import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { recordNotices } from '../orders/notice-outbox.repository.js'
import { PlatformAuthError, PlatformError } from '../platforms/platform-errors.js'
import type { TaobaoPublisherBinding, TaobaoUserToken } from '../platforms/taobao/taobao-binding.js'
import { TaobaoAuthorizationCodeError, TaobaoBindingRefusedError } from '../platforms/taobao/taobao-binding.js'
import type { LandingLinks } from '../landing/landing-links.js'
import { consumeState, createSignedState, DEFAULT_STATE_TTL_MS, peekState, type StateRefusal } from '../security/signed-state.service.js'
import { createLogger } from '../shared/log.js'
import { setTaobaoRelationId, userIdByRelationId } from './taobao-binding.repository.js'
import { TAOBAO_BOUND_NOTICE } from './taobao-binding.text.js'
import { findUserById, lockUser } from './user.repository.js'
import { ensureUser, type ChatIdentity } from './user.service.js'

const log = createLogger('taobao-binding')

const PURPOSE = 'taobao-bind'
export const TAOBAO_BIND_PATH = '/taobao/bind'
export const TAOBAO_CALLBACK_PATH = '/taobao/callback'

/** The Taobao adapter's part in binding (TaobaoPlatform). */
export interface TaobaoBinder {
  authorizeUrl(state: string, redirectUri: string, base?: string): string
  createToken(code: string): Promise<TaobaoUserToken>
  inviteCode(session: string): Promise<string>
  savePublisher(userSession: string, inviterCode: string, note: string): Promise<TaobaoPublisherBinding>
}

/** What starting a binding from the chat needs. */
export interface StartBindingDeps {
  readonly db: Kysely<Database>
  /** Where shoppers reach the web role (read per link: the web role may learn its address after start). */
  readonly publicUrl: LandingLinks
  readonly stateTtlMs?: number
}

export interface TaobaoBindingDeps extends StartBindingDeps {
  readonly taobao: TaobaoBinder
  /** Taobao's authorize page, or the simulator's (TAOBAO_OAUTH_URL overrides both). */
  readonly authorizeBaseUrl: string
  /** The operator's own Taobao session (TAOBAO_SESSION): invitecode.get needs it. Undefined: binding is off. */
  readonly operatorSession: string | undefined
}

export type StartBindingOutcome =
  | { readonly kind: 'link'; readonly url: string; readonly validMinutes: number }
  | { readonly kind: 'already-bound' }

/** 绑定淘宝 from the chat: a one-time link to our explanation page, or "already bound". */
export async function startBinding(deps: StartBindingDeps, who: ChatIdentity): Promise<StartBindingOutcome> {
  const user = await ensureUser(deps.db, who)
  if (user.taobao_relation_id !== null) return { kind: 'already-bound' }
  const ttlMs = deps.stateTtlMs ?? DEFAULT_STATE_TTL_MS
  const state = await createSignedState(deps.db, user.id, PURPOSE, ttlMs)
  return { kind: 'link', url: `${deps.publicUrl.baseUrl()}${TAOBAO_BIND_PATH}?state=${encodeURIComponent(state)}`, validMinutes: Math.round(ttlMs / 60_000) }
}

export type BindPageOutcome =
  | { readonly kind: 'ready'; readonly authorizeUrl: string }
  | { readonly kind: 'state-refused'; readonly reason: StateRefusal }
  | { readonly kind: 'already-bound' }
  | { readonly kind: 'unavailable' }

/**
 * The explanation page: where its button leads (Taobao's authorize page
 * with the state passed through). The state is checked, not used up: it is
 * consumed when Taobao sends the shopper back.
 */
export async function bindPage(deps: TaobaoBindingDeps, state: string | undefined): Promise<BindPageOutcome> {
  if (state === undefined || state === '') return { kind: 'state-refused', reason: 'forged' }
  const check = await peekState(deps.db, state, PURPOSE)
  if (!check.ok) return { kind: 'state-refused', reason: check.reason }
  if ((await findUserById(deps.db, check.userId))?.taobao_relation_id) return { kind: 'already-bound' }
  if (deps.operatorSession === undefined) {
    log.error('Taobao binding is off: TAOBAO_SESSION (the operator session taobao.tbk.sc.invitecode.get needs) is not set')
    return { kind: 'unavailable' }
  }
  return { kind: 'ready', authorizeUrl: deps.taobao.authorizeUrl(state, callbackUrl(deps), deps.authorizeBaseUrl) }
}

export function callbackUrl(deps: StartBindingDeps): string {
  return `${deps.publicUrl.baseUrl()}${TAOBAO_CALLBACK_PATH}`
}

export interface CallbackInput {
  readonly state: string | undefined
  readonly code: string | undefined
  /** Taobao's `error` (access_denied when the shopper cancelled). */
  readonly error: string | undefined
}

export type CompleteBindingOutcome =
  | { readonly kind: 'bound'; readonly relationId: string }
  | { readonly kind: 'state-refused'; readonly reason: StateRefusal }
  | { readonly kind: 'denied' }
  | { readonly kind: 'missing-code' }
  | { readonly kind: 'already-bound' }
  /** The relation_id Taobao gave is another user's: that Taobao account is theirs here. */
  | { readonly kind: 'taken' }
  | { readonly kind: 'code-rejected' }
  | { readonly kind: 'refused-by-taobao' }
  | { readonly kind: 'unavailable' }

/**
 * Taobao sent the shopper back. Nothing changes unless everything holds:
 * the state is ours, unexpired and unused (used up here, once), the code
 * gives a session, the 备案 gives a relation_id nobody else has. Then the
 * relation_id is stored with the chat notice in one transaction. Taobao is
 * called outside any transaction.
 */
export async function completeBinding(deps: TaobaoBindingDeps, input: CallbackInput): Promise<CompleteBindingOutcome> {
  if (input.state === undefined || input.state === '') return { kind: 'state-refused', reason: 'forged' }
  // A cancel or a missing code leaves the state unused: the shopper may press the button again.
  if (input.error !== undefined) {
    const check = await peekState(deps.db, input.state, PURPOSE)
    return check.ok ? { kind: 'denied' } : { kind: 'state-refused', reason: check.reason }
  }
  if (input.code === undefined || input.code === '') return { kind: 'missing-code' }
  if (deps.operatorSession === undefined) return { kind: 'unavailable' }
  const check = await consumeState(deps.db, input.state, PURPOSE)
  if (!check.ok) return { kind: 'state-refused', reason: check.reason }
  const user = await findUserById(deps.db, check.userId)
  if (!user) return { kind: 'state-refused', reason: 'unknown' }
  if (user.taobao_relation_id !== null) return { kind: 'already-bound' }

  let binding: TaobaoPublisherBinding
  try {
    const token = await deps.taobao.createToken(input.code)
    const inviterCode = await deps.taobao.inviteCode(deps.operatorSession)
    binding = await deps.taobao.savePublisher(token.accessToken, inviterCode, user.id)
  } catch (error) {
    return failure(error, user.id)
  }
  return storeBinding(deps.db, user.id, user.contact_id, binding)
}

async function storeBinding(
  db: Kysely<Database>,
  userId: string,
  contactId: string,
  binding: TaobaoPublisherBinding,
): Promise<CompleteBindingOutcome> {
  const owner = await userIdByRelationId(db, binding.relationId)
  if (owner !== undefined && owner !== userId) return taken(userId, owner, binding)
  try {
    return await db.transaction().execute(async (trx): Promise<CompleteBindingOutcome> => {
      const locked = await lockUser(trx, userId)
      if (!locked) return { kind: 'state-refused', reason: 'unknown' }
      if (locked.taobao_relation_id === binding.relationId) return { kind: 'bound', relationId: binding.relationId }
      if (locked.taobao_relation_id !== null) return { kind: 'already-bound' }
      await setTaobaoRelationId(trx, userId, binding.relationId)
      await recordNotices(trx, [{ contactId, text: TAOBAO_BOUND_NOTICE, dedupeKey: `taobao-bound_${userId}` }])
      log.info('Taobao relation bound', { userId, relationId: binding.relationId, alreadyBound: binding.alreadyBound })
      return { kind: 'bound', relationId: binding.relationId }
    })
  } catch (error) {
    // Another user's binding of the same relation committed between the check and the update.
    if ((error as { code?: unknown }).code === '23505') return taken(userId, undefined, binding)
    throw error
  }
}

function taken(userId: string, owner: string | undefined, binding: TaobaoPublisherBinding): CompleteBindingOutcome {
  log.warn('Taobao relation already bound to another user; refused', { userId, owner, relationId: binding.relationId })
  return { kind: 'taken' }
}

function failure(error: unknown, userId: string): CompleteBindingOutcome {
  if (error instanceof TaobaoAuthorizationCodeError) {
    // Not the error itself: its text may quote the code, and OAuth codes stay out of the logs.
    log.info('Taobao refused the authorization code', { userId, code: error.code, subCode: error.subCode, requestId: error.requestId })
    return { kind: 'code-rejected' }
  }
  if (error instanceof TaobaoBindingRefusedError) {
    log.warn('Taobao refused the 备案', { userId, error })
    return { kind: 'refused-by-taobao' }
  }
  if (error instanceof PlatformAuthError) {
    log.error('Taobao refused our keys or the operator session (TAOBAO_SESSION) during binding', { userId, error })
    return { kind: 'unavailable' }
  }
  if (error instanceof PlatformError) {
    log.warn('Taobao binding failed', { userId, error })
    return { kind: 'unavailable' }
  }
  throw error
}
