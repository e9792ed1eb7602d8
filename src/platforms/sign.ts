import { createHash, createHmac } from 'node:crypto'

export type SignMethod = 'md5' | 'hmac' | 'hmac-sha256'

/**
 * The string every gateway signs: params sorted by key (ordinal), each as
 * key+value with no separators, raw (not URL-encoded) values. Empty keys or
 * values are left out, as the official SDKs do — so callers must not send them.
 */
export function signingBase(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && key !== '' && params[key] !== '' && params[key] !== undefined)
    .sort()
    .map((key) => key + params[key])
    .join('')
}

/**
 * TOP-style signature, shared by Taobao, JD (md5) and Pinduoduo (md5):
 * md5 wraps the base in the secret; hmac variants key with it. Upper-case hex.
 */
export function signParams(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: SignMethod = 'md5',
): string {
  const base = signingBase(params)
  switch (method) {
    case 'md5':
      return createHash('md5').update(secret + base + secret, 'utf8').digest('hex').toUpperCase()
    case 'hmac':
      return createHmac('md5', secret).update(base, 'utf8').digest('hex').toUpperCase()
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(base, 'utf8').digest('hex').toUpperCase()
  }
}

/** Drops undefined/empty values so the sent params are exactly the signed ones. */
export function compactParams(params: Readonly<Record<string, string | number | boolean | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue
    out[key] = String(value)
  }
  return out
}
