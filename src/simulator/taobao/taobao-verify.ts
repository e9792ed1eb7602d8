import { signParams, type SignMethod } from '../../platforms/sign.js'
import type { SimCredentials } from '../sim-state.js'
import { TOP_ERRORS, type TopErrorSpec } from './taobao-envelope.js'

const SIGN_METHODS: readonly string[] = ['md5', 'hmac', 'hmac-sha256'] satisfies SignMethod[]
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

/**
 * The gateway's checks before any API runs, in TOP's order: method, app key,
 * timestamp, version, format, signature. Returns the error to answer, if any.
 * Clock skew is not checked: simulated time may run ahead of the adapter's clock.
 */
export function verifySystemParams(
  params: Readonly<Record<string, string>>,
  credentials: SimCredentials,
  knownMethod: (method: string) => boolean,
): TopErrorSpec | undefined {
  const { method, app_key: appKey, timestamp, v, format, sign, sign_method: signMethod = 'md5' } = params
  if (!method) return TOP_ERRORS.missingMethod
  if (!appKey) return TOP_ERRORS.missingAppKey
  if (appKey !== credentials.appKey) return TOP_ERRORS.invalidAppKey
  if (!knownMethod(method)) return TOP_ERRORS.invalidMethod
  if (!timestamp) return TOP_ERRORS.missingTimestamp
  if (!TIMESTAMP.test(timestamp)) return TOP_ERRORS.invalidTimestamp
  if (!v) return TOP_ERRORS.missingVersion
  if (v !== '2.0') return TOP_ERRORS.unsupportedVersion
  // Without format=json TOP answers XML, which the simulator does not speak.
  if (format !== 'json') return TOP_ERRORS.invalidFormat
  if (!sign) return TOP_ERRORS.missingSignature
  if (!SIGN_METHODS.includes(signMethod)) return { ...TOP_ERRORS.invalidSignature, subMsg: `unsupported sign_method ${signMethod}` }
  const expected = signParams(params, credentials.secret, signMethod as SignMethod)
  if (sign.toUpperCase() !== expected) return TOP_ERRORS.invalidSignature
  return undefined
}
