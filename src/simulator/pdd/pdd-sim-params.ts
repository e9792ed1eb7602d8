import { PddSimError } from './pdd-envelope.js'

type Params = Readonly<Record<string, string>>

export function requireText(params: Params, name: string): string {
  const value = params[name]
  if (value === undefined || value === '') throw new PddSimError('param', `${name}不能为空`)
  return value
}

/** A 推广位 id `<duoId>_<n>`. */
export function requirePid(params: Params, name: string): string {
  const pid = requireText(params, name)
  if (!/^\d+_\d+$/.test(pid)) throw new PddSimError('param', `${name}格式错误: ${pid}`)
  return pid
}

/** A JSON array of non-empty goods_sign strings, as the adapter must serialize it. */
export function requireGoodsSignList(params: Params): readonly string[] {
  const text = requireText(params, 'goods_sign_list')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new PddSimError('param', 'goods_sign_list必须为JSON数组')
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 100) {
    throw new PddSimError('param', 'goods_sign_list必须为1到100个元素的JSON数组')
  }
  return parsed.map((sign: unknown) => {
    if (typeof sign !== 'string' || sign === '') throw new PddSimError('param', 'goods_sign_list元素必须为字符串')
    return sign
  })
}

/**
 * `custom_parameters`: at most 64 bytes. PDD documents JSON such as
 * {"uid":"11111","sid":"22222"} with uid 必填, and binds 备案 to the uid it
 * finds there (授权绑定备案支持优先对该自定义参数里面uid的解析绑定, a C# PDD
 * client's Rp_Prom_Url_GenerateRequest); opaque text is accepted too and is
 * its own uid (mimicode/tksdk client_test.go sends `user_1384`,
 * sgxiang/pdd-coupon#11 `wx3efbd0eab6b69849`). JSON without a uid is refused.
 * Undefined when absent.
 */
export function optionalCustomParameters(params: Params): { readonly raw: string; readonly uid: string } | undefined {
  const raw = params.custom_parameters
  if (raw === undefined || raw === '') return undefined
  if (Buffer.byteLength(raw, 'utf8') > 64) throw new PddSimError('param', 'custom_parameters长度不能超过64字节')
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { raw, uid: raw }
  }
  if (typeof parsed !== 'object' || parsed === null) return { raw, uid: raw }
  const uid = (parsed as { uid?: unknown }).uid
  if (typeof uid !== 'string' || uid === '') throw new PddSimError('param', 'custom_parameters必须包含uid')
  return { raw, uid }
}

/** Booleans travel as lower-case `true`/`false`; anything else is a parameter error. */
export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name]
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw new PddSimError('param', `${name}必须为true或false`)
}

/** A Unix-seconds time (PDD's order APIs take seconds, not milliseconds or date strings). */
export function requireUnixSeconds(params: Params, name: string): number {
  const value = requireText(params, name)
  if (!/^\d{9,10}$/.test(value)) throw new PddSimError('param', `${name}必须为Unix时间戳(秒)`)
  return Number(value)
}

/** A whole number within [min, max]; undefined when absent. */
export function optionalInteger(params: Params, name: string, min: number, max: number): number | undefined {
  const value = params[name]
  if (value === undefined || value === '') return undefined
  const number = /^-?\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!(number >= min && number <= max)) throw new PddSimError('param', `${name}必须为${min}到${max}之间的整数`)
  return number
}

/** A JSON array of 推广位 ids, as `p_id_list` (at most `max` of them). */
export function requirePidList(params: Params, name: string, max: number): readonly string[] {
  const text = requireText(params, name)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new PddSimError('param', `${name}必须为JSON数组`)
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > max) throw new PddSimError('param', `${name}长度必须为1到${max}`)
  return parsed.map((pid: unknown) => {
    if (typeof pid !== 'string' || !/^\d+_\d+$/.test(pid)) throw new PddSimError('param', `${name}格式错误: ${String(pid)}`)
    return pid
  })
}
