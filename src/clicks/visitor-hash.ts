import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'

/** Characters of the HMAC kept: 128 bits, plenty to tell a day's visitors apart, and no more than a visitor needs. */
const VISITOR_HEX_CHARS = 32

/**
 * A visitor for the day: HMAC-SHA256 under the day's random key of the
 * client address and user agent. Without the key (deleted after two days)
 * nobody, not even the operator, can test an address against a stored hash.
 */
export function visitorHash(key: KeyObject | Buffer, ip: string, userAgent: string): string {
  return createHmac('sha256', key).update(`${ip}\n${userAgent}`).digest('hex').slice(0, VISITOR_HEX_CHARS)
}

/** A fresh day key, hex-encoded as visitor_keys stores it. */
export function newVisitorKey(): string {
  return randomBytes(32).toString('hex')
}

/** The stored hex key as a KeyObject: made once per day, it spares every hash re-importing the key. */
export function visitorKey(hex: string): KeyObject {
  return createSecretKey(Buffer.from(hex, 'hex'))
}
