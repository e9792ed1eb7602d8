import { signParams } from '../../platforms/sign.js'
import type { SimState } from '../sim-state.js'
import { PddSimError } from './pdd-envelope.js'

const REQUIRED_SYSTEM_PARAMS = ['type', 'client_id', 'timestamp', 'sign'] as const

/** Gateway checks, in the order a gateway can make them: presence, format, client, signature. */
export function verifyPddRequest(params: Readonly<Record<string, string>>, state: SimState): void {
  for (const name of REQUIRED_SYSTEM_PARAMS) {
    if (!params[name]) throw new PddSimError('publicParam', `公共参数错误:${name}`)
  }
  // A date string is refused as 10001 公共参数错误:timestamp (a PDD integration's notes in the search index).
  if (!/^\d{9,11}$/.test(params.timestamp ?? '')) throw new PddSimError('publicParam', '公共参数错误:timestamp')
  const dataType = params.data_type
  if (dataType !== undefined && dataType !== 'JSON' && dataType !== 'XML') throw new PddSimError('publicParam', '公共参数错误:data_type')
  const credentials = state.credentials.pdd
  if (params.client_id !== credentials.appKey) throw new PddSimError('clientId', `client_id ${params.client_id ?? ''} 不存在`)
  const { sign, ...signed } = params
  if (signParams(signed, credentials.secret, 'md5') !== sign) throw new PddSimError('sign', '签名sign校验失败')
}
