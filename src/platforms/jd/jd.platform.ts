import type { ParsedLink } from '../../links/parsed-link.js'
import { applyRateBp } from '../../money/fen.js'
import { createLogger } from '../../shared/log.js'
import type { DealPage, DealQuery, DealSource } from '../deal-source.js'
import type { OrderFeed, OrderPage, OrderWindow } from '../order-feed.js'
import type { AffiliatePlatform, Attribution, Promotion } from '../platform.js'
import { ItemNotPromotableError, LinkNotResolvableError, PlatformRequestError } from '../platform-errors.js'
import { postForm } from '../post-form.js'
import { type RetryOptions, withRetry } from '../retry.js'
import { parseJdData, readJdEnvelope, type JdResult } from './jd-envelope.js'
import { readJdDealPage } from './jd-deal-page.js'
import { JD_JINGFEN_METHOD, jdDealRequest } from './jd-deal-request.js'
import { buildJdForm } from './jd-form.js'
import { bestJdCoupon, GoodsListSchema, type JdGoods } from './jd-goods.js'
import { decodeJdOrderCursor } from './jd-order-cursor.js'
import { readJdOrderPage } from './jd-order-page.js'
import { JD_ORDER_MAX_WINDOW_MS, JD_ORDER_METHOD, jdOrderReq, jdOrderWindow } from './jd-order-request.js'
import { jdDay } from './jd-time.js'
import { type JdPromotionLink, type JdPromotionRequest, PromotionLinkSchema, promotionCodeReq } from './jd-promotion-link.js'

const log = createLogger('jd')

export const JD_PROMOTION_METHOD = 'jd.union.open.promotion.bysubunionid.get'
export const JD_GOODS_METHOD = 'jd.union.open.goods.query'

export interface JdPlatformOptions {
  readonly appKey: string
  readonly secret: string
  /** `https://api.jd.com/routerjson`, or the simulator's. */
  readonly gateway: string
  readonly timeoutMs: number
  readonly retry: RetryOptions
  readonly now?: (() => Date) | undefined
  /** 推广位 id sent with every promotion link. */
  readonly positionId?: string | undefined
  /** 网站/APP id; only promotion.common.get needs it, which this adapter does not call yet. */
  readonly siteId?: string | undefined
}

export interface JdGoodsQuery {
  readonly skuIds?: readonly string[] | undefined
  readonly keyword?: string | undefined
  readonly pageIndex?: number | undefined
  readonly pageSize?: number | undefined
}

export interface JdGoodsPage {
  readonly items: readonly JdGoods[]
  readonly totalCount: number
}

/** JD Union (京东联盟) through the JOS gateway. */
export class JdPlatform implements AffiliatePlatform, OrderFeed, DealSource {
  readonly platform = 'jd' as const
  readonly maxWindowMs = JD_ORDER_MAX_WINDOW_MS
  readonly #options: JdPlatformOptions
  readonly #now: () => Date

  constructor(options: JdPlatformOptions) {
    this.#options = options
    this.#now = options.now ?? (() => new Date())
  }

  /**
   * One signed JOS call, retried on throttling and outages; every attempt is
   * signed afresh so its timestamp is current.
   * @param businessParams `{ <reqObjName>: {...} }`, e.g. `{ goodsReqDTO: {...} }`
   */
  async call(method: string, businessParams: Readonly<Record<string, unknown>>): Promise<JdResult> {
    return withRetry(async (attempt) => {
      const { appKey, secret, gateway, timeoutMs } = this.#options
      const form = buildJdForm({ method, appKey, secret, now: this.#now(), businessParams })
      const result = readJdEnvelope(method, await postForm('jd', { url: gateway, timeoutMs }, form))
      log.debug('call ok', { method, attempt, requestId: result.requestId })
      return result
    }, this.#options.retry)
  }

  /** A promo link carrying `subUnionId` for an item, union or short URL; positionId defaults to the configured one. */
  async getPromotionLink(request: JdPromotionRequest): Promise<JdPromotionLink> {
    const positionId = request.positionId ?? this.#options.positionId
    const result = await this.call(JD_PROMOTION_METHOD, { promotionCodeReq: promotionCodeReq({ ...request, positionId }) })
    return parseJdData(JD_PROMOTION_METHOD, PromotionLinkSchema, result)
  }

  /** Items by sku or keyword; items outside the program are simply absent. */
  async queryGoods(query: JdGoodsQuery): Promise<JdGoodsPage> {
    const goodsReqDTO = {
      skuIds: query.skuIds?.map(Number),
      keyword: query.keyword,
      pageIndex: query.pageIndex ?? 1,
      pageSize: query.pageSize ?? 20,
    }
    const result = await this.call(JD_GOODS_METHOD, { goodsReqDTO })
    const items = parseJdData(JD_GOODS_METHOD, GoodsListSchema, result)
    return { items, totalCount: result.totalCount ?? items.length }
  }

  /**
   * Curated deals: 京粉精选 好券商品 (goods.jingfen.query, eliteId 1) without a
   * keyword, else a coupon-only keyword search (goods.query, isCoupon 1).
   * Invalid rows are logged and left out. The item id is the sku.
   * @throws PlatformRequestError for a page or page size that is not a positive integer, before any call
   */
  async listDeals(query: DealQuery): Promise<DealPage> {
    const request = jdDealRequest(query)
    const method = request.keyword === undefined ? JD_JINGFEN_METHOD : JD_GOODS_METHOD
    const result = await this.call(method, request.businessParams)
    const { deals, hasMore, rejected } = readJdDealPage(method, result, { ...request, now: this.#now() })
    if (rejected.length > 0) {
      log.warn('deal rows rejected', { method, keyword: request.keyword, pageIndex: request.pageIndex, reasons: rejected })
    }
    return { deals, hasMore }
  }

  /**
   * One page of order rows updated within the window (order.row.query by
   * update time, 200 rows a page). The cursor is JSON of the next pageIndex
   * and its window. Whether a completed row is received or settled depends
   * on its payMonth against today, so `now` decides it.
   * @throws PlatformRequestError for a window over an hour or a foreign cursor, before any call
   */
  async fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
    const jdWindow = jdOrderWindow(window)
    const pageIndex = cursor === undefined ? 1 : decodeJdOrderCursor(cursor, jdWindow)
    const result = await this.call(JD_ORDER_METHOD, { orderReq: jdOrderReq(jdWindow, pageIndex) })
    const page = readJdOrderPage(result, { window: jdWindow, pageIndex, today: jdDay(this.#now()) })
    if (page.rejected.length > 0) {
      log.warn('order rows rejected', { ...jdWindow, pageIndex, reasons: page.rejected.map((row) => row.reason) })
    }
    return page
  }

  async promote(link: ParsedLink, attribution: Attribution): Promise<Promotion> {
    const skuId = await this.#resolveSku(link, attribution)
    const goods = (await this.queryGoods({ skuIds: [skuId] })).items.find((item) => item.skuId === skuId)
    if (!goods) throw new ItemNotPromotableError('jd', `sku ${skuId} is not in JD Union's program (goods.query has no row)`)
    const coupon = bestJdCoupon(goods, this.#now())
    const promo = await this.getPromotionLink({
      materialId: jdItemUrl(skuId),
      subUnionId: attribution.attributionId,
      couponUrl: coupon?.link,
    })
    const priceAfterCouponFen =
      coupon && goods.priceFen >= coupon.thresholdFen ? Math.max(0, goods.priceFen - coupon.amountFen) : goods.priceFen
    return {
      platform: 'jd',
      itemId: skuId,
      title: goods.title,
      imageUrl: goods.imageUrl,
      priceFen: goods.priceFen,
      coupon: coupon && { amountFen: coupon.amountFen, thresholdFen: coupon.thresholdFen, endsAt: coupon.endsAt },
      priceAfterCouponFen,
      commissionRateBp: goods.commissionRateBp,
      commissionFen: applyRateBp(priceAfterCouponFen, goods.commissionRateBp),
      promoUrl: promo.shortURL ?? promo.clickURL ?? '',
    }
  }

  /**
   * A short or union link is first converted as-is: JD thereby validates it
   * (expired, not promotable) and hands back a union clickURL. goods.query
   * takes such a union link as `keyword` and answers with its item, which
   * gives us the sku without following redirects.
   */
  async #resolveSku(link: ParsedLink, attribution: Attribution): Promise<string> {
    if (link.platform !== 'jd') throw new PlatformRequestError('jd', `a ${link.platform} link was sent to the JD adapter`)
    // Share codes are Taobao-only, so a JD link is an item page or a short/union link.
    if ('itemId' in link) {
      if (!/^\d{1,20}$/.test(link.itemId)) throw new LinkNotResolvableError('jd', `"${link.itemId}" is not a JD sku`)
      return link.itemId
    }
    const promo = await this.getPromotionLink({
      materialId: link.url,
      subUnionId: attribution.attributionId,
    })
    const keyword = promo.clickURL ?? promo.shortURL ?? link.url
    const found = (await this.queryGoods({ keyword, pageSize: 1 })).items[0]
    if (!found) throw new LinkNotResolvableError('jd', `JD converted ${link.url} but goods.query found no item for it`)
    return found.skuId
  }
}

/** The item page JD's promotion APIs accept as materialId (a bare sku is rejected). */
export function jdItemUrl(skuId: string): string {
  return `https://item.jd.com/${skuId}.html`
}
