import { compactParams, signParams } from '../sign.js'

/** A business param as callers give it; lists and objects travel as JSON text. */
export type PddParamValue =
  | string
  | number
  | boolean
  | readonly unknown[]
  | { readonly [key: string]: unknown }
  | null
  | undefined

export type PddBusinessParams = Readonly<Record<string, PddParamValue>>

export interface PddClientKeys {
  /** `client_id` of the 多多进宝 app. */
  readonly clientId: string
  /** `client_secret`: signs every request and is never sent. */
  readonly secret: string
}

/**
 * The wire form of one value: PDD signs and receives lists/objects as JSON
 * strings and booleans as lower-case `true`/`false`; nulls are left out.
 */
export function serializePddValue(value: PddParamValue): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * Every form field of one signed PDD call: business params, then the system
 * params (which win on a name clash), then `sign` over all of them.
 */
export function buildPddForm(
  method: string,
  params: PddBusinessParams,
  keys: PddClientKeys,
  now: Date,
): Record<string, string> {
  const business: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(params)) business[name] = serializePddValue(value)
  const form = compactParams({
    ...business,
    type: method,
    client_id: keys.clientId,
    // PDD wants Unix seconds, unlike TOP/JOS which want a GMT+8 date string.
    timestamp: String(Math.floor(now.getTime() / 1000)),
    data_type: 'JSON',
    version: 'V1',
  })
  return { ...form, sign: signParams(form, keys.secret, 'md5') }
}
