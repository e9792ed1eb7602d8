import type { Platform } from '../links/parsed-link.js'
import { yuan } from '../money/fen.js'
import { couponSavingFen } from '../money/quote.js'
import type { Promotion } from '../platforms/platform.js'
import type { ConversionFailure, ConversionOutcome } from './conversion-outcome.js'

export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = { taobao: '淘宝', jd: '京东', pdd: '拼多多' }

function couponLine(p: Promotion): string {
  if (p.couponKnown === false && !p.coupon) return '优惠券：以商品页显示为准'
  if (!p.coupon) return '优惠券：暂无隐藏优惠券'
  const face = yuan(p.coupon.amountFen)
  if (p.coupon.thresholdFen <= 0) return `优惠券：${face}（无门槛）`
  const note = couponSavingFen(p.priceFen, p.coupon) === 0 ? '，单件未达门槛' : ''
  return `优惠券：${face}（满${yuan(p.coupon.thresholdFen)}可用${note}）`
}

/**
 * Where a message sends the buyer: the landing page when there is one (it
 * offers the 淘口令 with a copy button: WeChat folds raw 口令 and Taobao
 * links), else the promo link and the 淘口令 as today.
 */
export function buyLines(p: Pick<Promotion, 'coupon' | 'promoUrl' | 'tpwd'>, landingUrl?: string): string[] {
  const label = p.coupon ? '领券购买' : '购买链接'
  if (landingUrl) return [`${label}：${landingUrl}${p.tpwd ? '（打开后一键复制淘口令）' : ''}`]
  return [`${label}：${p.promoUrl}`, ...(p.tpwd ? [`淘口令：${p.tpwd}（复制本条消息打开淘宝）`] : [])]
}

/**
 * The answer to one converted link: what it costs with the coupon and what
 * the user earns; `landingUrl` (LANDING_PAGES=on) replaces the promo link and the 淘口令.
 */
export function renderPromotion(p: Promotion, rebateFen: number, landingUrl?: string): string {
  if (p.quoted === false) {
    return [
      `【${PLATFORM_NAMES[p.platform]}】${p.title}`,
      '价格和优惠券以商品页为准，返利按订单实际佣金计算。',
      ...buyLines({ ...p, coupon: null, tpwd: undefined }, landingUrl),
    ].join('\n')
  }
  const lines = [
    `【${PLATFORM_NAMES[p.platform]}】${p.title}`,
    `原价：${yuan(p.priceFen)}`,
    couponLine(p),
    ...(p.couponKnown === false && !p.coupon
      ? [`预计返利：约${yuan(rebateFen)}（按页面价估算，以实际订单为准）`]
      : [`券后价：${yuan(p.priceAfterCouponFen)}`, `预计返利：${yuan(rebateFen)}`]),
    ...buyLines(p, landingUrl),
  ]
  return lines.join('\n')
}

const FAILURE_TEXT: Readonly<Record<ConversionFailure, (platform: string, authorizationUrl?: string) => string>> = {
  'not-promotable': () => '这个商品不在推广计划内，暂无优惠券和返利。',
  'needs-authorization': (name, url) =>
    url
      ? `${name}要求先授权一次才能领券返利：请打开 ${url} 完成授权，授权后再发一次链接。`
      : `${name}要求先授权一次才能领券返利，授权链接暂时生成不了，请稍后再发一次链接。`,
  'link-unresolvable': (name) => `这个${name}链接或口令已失效或无法识别，请在App里重新复制分享后再发给我。`,
  'platform-busy': (name) => `${name}接口繁忙，请稍后再试。`,
  'platform-unavailable': (name) => `${name}暂时连不上，请稍后再试。`,
  'platform-misconfigured': (name) => `${name}转链服务暂时不可用，请稍后再试。`,
  internal: () => '出了点小问题，请稍后再试。',
}

export function renderFailure(platform: Platform, failure: ConversionFailure, authorizationUrl?: string): string {
  return FAILURE_TEXT[failure](PLATFORM_NAMES[platform], authorizationUrl)
}

/**
 * One chat message answering every link of the user's message, in order.
 * With several links a failure says which one it is about; a message that
 * named more links than are converted at once ends by saying so.
 */
export function renderOutcomes(outcomes: readonly ConversionOutcome[], more = false): string {
  const sections = outcomes.map((o, i) => {
    if (o.ok) return renderPromotion(o.promotion, o.rebateFen, o.landingUrl)
    const line = renderFailure(o.link.platform, o.failure, o.authorizationUrl)
    return outcomes.length > 1 ? `第${i + 1}个链接（${PLATFORM_NAMES[o.link.platform]}）：${line}` : line
  })
  if (more) sections.push(`一次最多处理${outcomes.length}个链接，后面的链接请分开再发。`)
  return sections.join('\n\n')
}
