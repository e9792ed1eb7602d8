import { z } from 'zod'
import { PlatformResponseError } from '../platform-errors.js'
import { parsePddResult } from './pdd-envelope.js'
import type { PddCall } from './pdd-order-feed.js'

export const MEMBER_AUTHORITY_QUERY = 'pdd.ddk.member.authority.query'
export const RP_PROM_URL_GENERATE = 'pdd.ddk.rp.prom.url.generate'
/** rp.prom.url.generate's 营销工具类型 10: 生成绑定备案链接 (niltor/open-pdd-net-sdk GenerateDdkRpPromUrl). */
export const PDD_CHANNEL_TYPE_BIND = 10

const flag = z.union([z.number(), z.string(), z.boolean()]).nullish()

/*
 * `authority_query_response.bind`: 1 已绑定, 0 未绑定 (bububa/openpdd
 * MemberAuthorityQueryResponse; sgxiang/pdd-coupon#11 shows
 * {"authority_query_response":{"bind":0,"request_id":…}}). One bot reads it
 * from a list (`authority_query_list[0].bind`), so both shapes are read.
 */
const authorityQuerySchema = z.object({
  bind: flag,
  authority_query_list: z.array(z.object({ bind: flag }).passthrough()).nullish(),
})

function isBound(value: z.infer<typeof flag>): boolean | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'boolean') return value
  return String(value).trim() === '1'
}

/**
 * Whether PDD has this PID (and, with `customParameters`, this user's
 * `custom_parameters` uid) bound by 授权备案.
 * @throws PlatformResponseError when the answer says neither; the call's PlatformErrors
 */
export async function queryPddBind(call: PddCall, pid: string, customParameters?: string): Promise<boolean> {
  const body = await call(MEMBER_AUTHORITY_QUERY, { pid, custom_parameters: customParameters })
  const result = parsePddResult(MEMBER_AUTHORITY_QUERY, body, 'authority_query_response', authorityQuerySchema)
  const bound = isBound(result.bind) ?? isBound(result.authority_query_list?.[0]?.bind)
  if (bound === undefined) throw new PlatformResponseError('pdd', `pdd ${MEMBER_AUTHORITY_QUERY}: the answer has no bind`)
  return bound
}

const urlEntrySchema = z
  .object({
    url: z.string().nullish(),
    short_url: z.string().nullish(),
    mobile_url: z.string().nullish(),
    mobile_short_url: z.string().nullish(),
  })
  .passthrough()

const rpPromUrlSchema = z.object({ url_list: z.union([z.array(urlEntrySchema), urlEntrySchema]).nullish() })

/*
 * The SDK models name the root rp_promotion_url_generate_response
 * (lywzx/pdd-node-sdk PddDdkRpPromUrlGenerate.ts); two bots read
 * rp_prom_url_generate_response, so that spelling is accepted too.
 */
const ROOT_KEYS = ['rp_promotion_url_generate_response', 'rp_prom_url_generate_response'] as const

/**
 * The 授权备案 link for this PID (and, with `customParameters`, for the user
 * whose uid it carries: PDD binds the uid found in custom_parameters): the
 * short link when PDD gives one, else the H5 link, else the app link.
 * @throws PlatformResponseError when no link comes back; the call's PlatformErrors
 */
export async function generatePddAuthorizationUrl(call: PddCall, pid: string, customParameters?: string): Promise<string> {
  const body = await call(RP_PROM_URL_GENERATE, {
    channel_type: PDD_CHANNEL_TYPE_BIND,
    p_id_list: [pid],
    custom_parameters: customParameters,
    generate_short_url: true,
  })
  const rootKey = ROOT_KEYS.find((key) => key in body) ?? ROOT_KEYS[0]
  const result = parsePddResult(RP_PROM_URL_GENERATE, body, rootKey, rpPromUrlSchema)
  const list = result.url_list
  const first = Array.isArray(list) ? list[0] : list
  const url = [first?.short_url, first?.url, first?.mobile_short_url, first?.mobile_url].find((u) => typeof u === 'string' && u.trim() !== '')
  if (!url) throw new PlatformResponseError('pdd', `pdd ${RP_PROM_URL_GENERATE}: no authorization link in url_list`)
  return url.trim()
}
