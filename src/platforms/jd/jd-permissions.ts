import { createLogger } from '../../shared/log.js'
import type { PlatformError } from '../platform-errors.js'

const log = createLogger('jd')

export const JD_PROMOTION_METHOD = 'jd.union.open.promotion.bysubunionid.get'
export const JD_COMMON_PROMOTION_METHOD = 'jd.union.open.promotion.common.get'
export const JD_GOODS_METHOD = 'jd.union.open.goods.query'
export const JD_GOODS_INFO_METHOD = 'jd.union.open.goods.promotiongoodsinfo.query'

/**
 * What an operator must obtain for each API we may be refused. The tiers
 * are JD's own list (news.jd.com/153_1.html): 通用API (promotion.common.get,
 * goods.promotiongoodsinfo.query, …) for every account, 高级API【申请】
 * (goods.query, promotion.bysubunionid.get, …) for enterprise accounts with
 * more than 30 000 orders a month, applied for at cps-qxsq@jd.com.
 */
const NEEDS: Readonly<Record<string, string>> = {
  [JD_PROMOTION_METHOD]:
    '高级API【申请】 社交媒体获取推广链接 (enterprise account, >30k orders/month, apply at cps-qxsq@jd.com); links fall back to promotion.common.get without per-user subUnionId',
  [JD_GOODS_METHOD]:
    '高级API【申请】 关键词商品查询 (enterprise account, apply at cps-qxsq@jd.com); quotes fall back to goods.promotiongoodsinfo.query (price and commission, no coupons)',
  [JD_GOODS_INFO_METHOD]:
    '通用API 获取推广商品信息 (listed as open to every account, but missing from newer SDKs); replies then carry no price facts',
  [JD_COMMON_PROMOTION_METHOD]: '通用API 获取通用推广链接 with a registered siteId (网站ID/APP ID); no JD link can be converted without it',
}

/**
 * The APIs JD refused us, remembered for the life of the process so that a
 * refused API costs one round trip once, not one per message. Each refusal
 * is logged once, with the API and the permission it needs.
 */
export class JdPermissions {
  readonly #denied = new Map<string, PlatformError>()

  isDenied(api: string): boolean {
    return this.#denied.has(api)
  }

  /** Which APIs are refused, for checkSetup's summary. */
  deniedApis(): string[] {
    return [...this.#denied.keys()]
  }

  deny(api: string, error: PlatformError): void {
    if (this.#denied.has(api)) return
    this.#denied.set(api, error)
    log.warn('JD Union refused an API for lack of permission; it is not called again until restart', {
      api,
      needs: NEEDS[api] ?? 'a permission granted by JD Union (联盟客服)',
      code: error.code,
      message: error.message,
    })
  }
}
