import { signParams } from '../../platforms/sign.js'
import type { SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { JD_GATEWAY_ERRORS, jdGatewayErrorResponse } from './jd-envelope.js'

const REQUIRED = ['method', 'app_key', 'timestamp', 'v', 'sign'] as const
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

/**
 * The gateway's own checks, in its order: system params present and
 * well-formed, app key known, md5 signature over every other field.
 * Returns the error answer, or undefined when the call may proceed.
 */
export function verifyJdRequest(params: Readonly<Record<string, string>>, state: SimState): SimResponse | undefined {
  const missing = REQUIRED.find((name) => !params[name])
  if (missing) return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.missingParam(missing))
  if (!TIMESTAMP.test(params.timestamp ?? '')) return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.badParam('timestamp'))
  if (params.sign_method !== undefined && params.sign_method !== 'md5') {
    return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.badParam('sign_method'))
  }
  const { appKey, secret } = state.credentials.jd
  if (params.app_key !== appKey) return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.invalidAppKey(params.app_key ?? ''))
  if (signParams(params, secret, 'md5') !== params.sign?.toUpperCase()) {
    return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.invalidSign)
  }
  return undefined
}
