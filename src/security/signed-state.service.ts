import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { consumeSignedState, findSignedState, insertSignedState, sharedSecret } from './signed-state.repository.js'

/**
 * What a state may be used for; part of the signed text, so a state made
 * for one purpose is forged for another (`pdd-authorize`: the Pinduoduo
 * 授权 landing page; `console-login`: an operator's one-time console link).
 */
export type StatePurpose = 'taobao-bind' | 'pdd-authorize' | 'console-login'

/** Why a state was refused. */
export type StateRefusal = 'forged' | 'expired' | 'used' | 'unknown'

export type StateCheck = { readonly ok: true; readonly userId: string } | { readonly ok: false; readonly reason: StateRefusal }

/** Long enough to read a page and log in to Taobao, short enough that a leaked link soon stops working. */
export const DEFAULT_STATE_TTL_MS = 15 * 60_000

const SECRET_NAME = 'signed-state-hmac-sha256'
// 24 random bytes → 32 base64url characters; HMAC-SHA256 → 43.
const STATE_FORMAT = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/

/** Secrets per database handle: read once per process, then kept (they never change). */
const secrets = new WeakMap<Kysely<Database>, Promise<string>>()

function secretOf(db: Kysely<Database>): Promise<string> {
  let secret = secrets.get(db)
  if (!secret) {
    secret = sharedSecret(db, SECRET_NAME, randomBytes(32).toString('base64url'))
    secret.catch(() => secrets.delete(db))
    secrets.set(db, secret)
  }
  return secret
}

function sign(secret: string, purpose: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${purpose}.${nonce}`).digest('base64url')
}

/**
 * A one-time state for a browser round trip (e.g. Taobao OAuth): `nonce.signature`.
 * The nonce is random and stored with the user and the expiry; the
 * signature (HMAC-SHA256 under a secret all processes share) lets a page
 * refuse a forged state without a lookup.
 */
export async function createSignedState(
  db: Kysely<Database>,
  userId: string,
  purpose: StatePurpose,
  ttlMs: number = DEFAULT_STATE_TTL_MS,
): Promise<string> {
  const nonce = randomBytes(24).toString('base64url')
  await insertSignedState(db, { nonce, purpose, userId, ttlMs })
  return `${nonce}.${sign(await secretOf(db), purpose, nonce)}`
}

/** The nonce of a well-formed state whose signature is ours for this purpose; undefined for anything else. */
async function authenticNonce(db: Kysely<Database>, state: string, purpose: StatePurpose): Promise<string | undefined> {
  const match = STATE_FORMAT.exec(state)
  if (!match) return undefined
  const [, nonce = '', signature = ''] = match
  const expected = Buffer.from(sign(await secretOf(db), purpose, nonce))
  const given = Buffer.from(signature)
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined
}

async function refusal(db: Kysely<Database>, nonce: string, purpose: StatePurpose): Promise<StateRefusal> {
  const stored = await findSignedState(db, nonce)
  if (!stored) return 'unknown'
  if (stored.purpose !== purpose) return 'forged'
  if (stored.used) return 'used'
  return 'expired'
}

/**
 * Verifies a state and uses it up, atomically: the first caller gets its
 * user, every later one `used`.
 */
export async function consumeState(db: Kysely<Database>, state: string, purpose: StatePurpose): Promise<StateCheck> {
  const nonce = await authenticNonce(db, state, purpose)
  if (nonce === undefined) return { ok: false, reason: 'forged' }
  const userId = await consumeSignedState(db, nonce, purpose)
  if (userId !== undefined) return { ok: true, userId }
  return { ok: false, reason: await refusal(db, nonce, purpose) }
}

/** What consuming the state now would answer, without using it up (a page before the round trip). */
export async function peekState(db: Kysely<Database>, state: string, purpose: StatePurpose): Promise<StateCheck> {
  const nonce = await authenticNonce(db, state, purpose)
  if (nonce === undefined) return { ok: false, reason: 'forged' }
  const stored = await findSignedState(db, nonce)
  if (!stored) return { ok: false, reason: 'unknown' }
  if (stored.purpose !== purpose) return { ok: false, reason: 'forged' }
  if (stored.used) return { ok: false, reason: 'used' }
  if (stored.expired) return { ok: false, reason: 'expired' }
  return { ok: true, userId: stored.userId }
}
