import { compactParams, signParams, type SignMethod } from '../sign.js'

export interface TaobaoSigner {
  readonly appKey: string
  readonly secret: string
  readonly signMethod: SignMethod
  /** OAuth token of an authorizing user; only 需要授权 APIs take one, the dg APIs we call do not. */
  readonly session?: string | undefined
}

export type BusinessParams = Readonly<Record<string, string | number | boolean | undefined>>

const GMT8_OFFSET_MS = 8 * 3_600_000

/** TOP wants wall-clock time in China (GMT+8) whatever the caller's zone: `yyyy-MM-dd HH:mm:ss`. */
export function topTimestamp(now: Date): string {
  return new Date(now.getTime() + GMT8_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The exact form fields of one TOP call: system params, business params
 * (empty ones dropped, since the signature skips them) and the signature.
 */
export function buildTaobaoForm(
  method: string,
  business: BusinessParams,
  signer: TaobaoSigner,
  now: Date,
): Record<string, string> {
  const params = compactParams({
    ...business,
    method,
    app_key: signer.appKey,
    timestamp: topTimestamp(now),
    format: 'json',
    v: '2.0',
    sign_method: signer.signMethod,
    session: signer.session,
  })
  return { ...params, sign: signParams(params, signer.secret, signer.signMethod) }
}
