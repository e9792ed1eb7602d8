import type { ParsedLink } from '../../links/parsed-link.js'
import { createLogger } from '../../shared/log.js'
import { OncePer } from '../../shared/once-per.js'
import type { DealPage, DealQuery, DealSource } from '../deal-source.js'
import type { OrderFeed, OrderPage, OrderWindow } from '../order-feed.js'
import type { AffiliatePlatform, Attribution, Promotion } from '../platform.js'
import {
  ItemNotPromotableError,
  PlatformError,
  PlatformPermissionError,
  PlatformRequestError,
} from '../platform-errors.js'
import { postForm } from '../post-form.js'
import { type RetryOptions, withRetry } from '../retry.js'
import { timePlatformCall } from '../../metrics/metrics.js'
import { parseJdData, readJdEnvelope, type JdResult } from './jd-envelope.js'
import { readJdDealPage } from './jd-deal-page.js'
import { JD_JINGFEN_METHOD, jdDealRequest } from './jd-deal-request.js'
import { isJdCouponError } from './jd-errors.js'
import { buildJdForm } from './jd-form.js'
import { bestJdCoupon, GoodsListSchema, type JdGoods } from './jd-goods.js'
import { type JdGoodsInfo, readJdGoodsInfo } from './jd-goods-info.js'
import { type JdItemRef, jdItemRef, jdMaterialUrl, jdRefId } from './jd-item-ref.js'
import { decodeJdOrderCursor } from './jd-order-cursor.js'
import { readJdOrderPage } from './jd-order-page.js'
import { JD_ORDER_MAX_WINDOW_MS, JD_ORDER_METHOD, jdOrderReq, jdOrderWindow } from './jd-order-request.js'
import {
  JD_COMMON_PROMOTION_METHOD,
  JD_GOODS_INFO_METHOD,
  JD_GOODS_METHOD,
  JD_PROMOTION_METHOD,
  JdPermissions,
} from './jd-permissions.js'
import { jdDay } from './jd-time.js'
import {
  commonPromotionCodeReq,
  jdPromoUrl,
  type JdPromotionLink,
  type JdPromotionRequest,
  PromotionLinkSchema,
  promotionCodeReq,
} from './jd-promotion-link.js'
import { quotedJdPromotion, unquotedJdPromotion } from './jd-quote.js'

const log = createLogger('jd')

export { JD_COMMON_PROMOTION_METHOD, JD_GOODS_INFO_METHOD, JD_GOODS_METHOD, JD_PROMOTION_METHOD }

/** A sku every JD account can look up, for the start-up permission probe (the reference's sample item). */
const PROBE_SKU = '100012043978'

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
  /**
   * 网站ID/APP ID: promotion.common.get, the converter of ordinary accounts,
   * requires it (JD_SITE_ID).
   */
  readonly siteId?: string | undefined
}

export interface JdGoodsQuery {
  readonly skuIds?: readonly string[] | undefined
  /** JD Union's string item ids (联盟商品ID), up to 20. */
  readonly itemIds?: readonly string[] | undefined
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
  /** The APIs this account was refused: not called again, their fallback used straight away. */
  readonly permissions = new JdPermissions()
  readonly #operatorLines = new OncePer(3_600_000)

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
    return withRetry(
      (attempt) =>
        timePlatformCall('jd', method, async () => {
          const { appKey, secret, gateway, timeoutMs } = this.#options
          const form = buildJdForm({ method, appKey, secret, now: this.#now(), businessParams })
          const result = readJdEnvelope(method, await postForm('jd', { url: gateway, timeoutMs }, form))
          log.debug('call ok', { method, attempt, requestId: result.requestId })
          return result
        }),
      this.#options.retry,
    )
  }

  /**
   * A promo link carrying `subUnionId` for an item, union or short URL
   * (bysubunionid.get, a 高级API); positionId defaults to the configured one.
   */
  async getPromotionLink(request: JdPromotionRequest): Promise<JdPromotionLink> {
    const positionId = request.positionId ?? this.#options.positionId
    const result = await this.#remembering(JD_PROMOTION_METHOD, () =>
      this.call(JD_PROMOTION_METHOD, { promotionCodeReq: promotionCodeReq({ ...request, positionId }) }),
    )
    return parseJdData(JD_PROMOTION_METHOD, PromotionLinkSchema, result)
  }

  /** Items by sku or keyword; items outside the program are simply absent. */
  async queryGoods(query: JdGoodsQuery): Promise<JdGoodsPage> {
    const goodsReqDTO = {
      skuIds: query.skuIds?.map(Number),
      itemIds: query.itemIds,
      keyword: query.keyword,
      pageIndex: query.pageIndex ?? 1,
      pageSize: query.pageSize ?? 20,
    }
    const result = await this.#remembering(JD_GOODS_METHOD, () => this.call(JD_GOODS_METHOD, { goodsReqDTO }))
    const items = parseJdData(JD_GOODS_METHOD, GoodsListSchema, result)
    return { items, totalCount: result.totalCount ?? items.length }
  }

  /**
   * Curated deals: 京粉精选 好券商品 (goods.jingfen.query, eliteId 1) without a
   * keyword, else a coupon-only keyword search (goods.query, isCoupon 1).
   * Without goods.query (an ordinary account) a keyword selects among the
   * 好券 page's items by title or category instead. Invalid rows are logged
   * and left out. The item id is the sku.
   * @throws PlatformRequestError for a page or page size that is not a positive integer, before any call
   */
  async listDeals(query: DealQuery): Promise<DealPage> {
    const request = jdDealRequest(query)
    if (request.keyword !== undefined && !this.permissions.isDenied(JD_GOODS_METHOD)) {
      try {
        return await this.#dealPage(JD_GOODS_METHOD, request, request.businessParams)
      } catch (error) {
        if (!(error instanceof PlatformPermissionError)) throw error
      }
    }
    const jingfen = jdDealRequest({ page: request.pageIndex, pageSize: query.pageSize })
    const page = await this.#dealPage(JD_JINGFEN_METHOD, jingfen, jingfen.businessParams)
    const keyword = request.keyword
    if (keyword === undefined) return page
    const matches = (text: string | undefined): boolean => text !== undefined && text.includes(keyword)
    return { deals: page.deals.filter((deal) => matches(deal.title) || matches(deal.category)), hasMore: page.hasMore }
  }

  async #dealPage(
    method: string,
    request: { readonly keyword: string | undefined; readonly pageIndex: number; readonly pageSize: number },
    businessParams: Readonly<Record<string, unknown>>,
  ): Promise<DealPage> {
    const result = await this.#remembering(method, () => this.call(method, businessParams))
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
    const result = await this.#remembering(JD_ORDER_METHOD, () =>
      this.call(JD_ORDER_METHOD, { orderReq: jdOrderReq(jdWindow, pageIndex) }),
    )
    const page = readJdOrderPage(result, { window: jdWindow, pageIndex, today: jdDay(this.#now()) })
    if (page.rejected.length > 0) {
      log.warn('order rows rejected', { ...jdWindow, pageIndex, reasons: page.rejected.map((row) => row.reason) })
    }
    return page
  }


  /**
   * A promo link from promotion.common.get (网站/APP, open to every account):
   * only the long clickURL, no subUnionId.
   * @throws PlatformRequestError when no siteId is configured, before any call
   */
  async getCommonPromotionLink(materialId: string, couponUrl?: string): Promise<JdPromotionLink> {
    const { siteId, positionId } = this.#options
    if (!siteId) {
      if (this.#operatorLines.allow('siteId')) {
        log.error(
          'JD_SITE_ID is not set: promotion.common.get, the only link API of an ordinary JD Union account, requires siteId ' +
            '(京东联盟 → 推广管理 → 网站管理/APP管理 → 网站ID/APP ID); no JD link can be converted until it is set',
        )
      }
      throw new PlatformRequestError('jd', `${JD_COMMON_PROMOTION_METHOD}: no siteId configured (JD_SITE_ID)`, {
        code: 'siteId-missing',
      })
    }
    const promotionCodeReq = commonPromotionCodeReq({ materialId, siteId, positionId, couponUrl })
    const result = await this.#remembering(JD_COMMON_PROMOTION_METHOD, () =>
      this.call(JD_COMMON_PROMOTION_METHOD, { promotionCodeReq }),
    )
    return parseJdData(JD_COMMON_PROMOTION_METHOD, PromotionLinkSchema, result)
  }

  /**
   * Probes once at start which tier the account has (one goods.query and one
   * bysubunionid.get for a known item, in parallel), so the first shopper
   * does not pay for a refusal; says what an operator must set. Never throws.
   */
  async checkSetup(): Promise<void> {
    try {
      const materialId = jdMaterialUrl({ kind: 'sku', skuId: PROBE_SKU })
      await Promise.all([
        this.#probe(JD_GOODS_METHOD, () => this.queryGoods({ skuIds: [PROBE_SKU], pageSize: 1 })),
        this.#probe(JD_PROMOTION_METHOD, () => this.getPromotionLink({ materialId })),
      ])
      const denied = this.permissions.deniedApis()
      if (denied.length > 0 && !this.#options.siteId) {
        log.error('JD_SITE_ID is not set, and this account lacks the advanced APIs: no JD link can be converted', { denied })
      } else if (denied.length > 0) {
        log.info('JD Union account without advanced APIs: links come from promotion.common.get, attribution by item', {
          denied,
        })
      }
    } catch (error) {
      log.warn('JD setup check failed', { error })
    }
  }

  async #probe(api: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run()
    } catch (error) {
      // A refusal is remembered by #remembering; anything else says nothing about the tier.
      if (!(error instanceof PlatformPermissionError)) log.debug('JD setup probe failed', { api, error })
    }
  }

  /** Runs one API call; a permission refusal is remembered (and logged once) before it is rethrown. */
  async #remembering<T>(api: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof PlatformPermissionError) this.permissions.deny(api, error)
      throw error
    }
  }

  /**
   * At most two serial round trips: with goods.query, the item's facts and
   * best coupon first, then its link with that coupon; without it, the link
   * (promotion.common.get) and goods.promotiongoodsinfo.query at once. A
   * refused API is remembered and its fallback used from then on.
   */
  async promote(link: ParsedLink, attribution: Attribution): Promise<Promotion> {
    if (link.platform !== 'jd') throw new PlatformRequestError('jd', `a ${link.platform} link was sent to the JD adapter`)
    // Share codes are Taobao-only, so a JD link is an item page or a short/union link.
    if ('itemId' in link) return this.#promoteItem(jdItemRef(link.itemId), attribution)
    return this.#promoteMaterial(link.url, attribution)
  }

  async #promoteItem(ref: JdItemRef, attribution: Attribution): Promise<Promotion> {
    const goods = await this.#goodsFor(ref)
    if (goods === null) {
      throw new ItemNotPromotableError('jd', `${jdRefId(ref)} is not in JD Union's program (goods.query has no row)`)
    }
    if (goods) return this.#promoteGoods(goods, attribution)
    const [promo, info] = await Promise.all([this.#link(jdMaterialUrl(ref), attribution), this.#goodsInfo(ref)])
    const promoUrl = jdPromoUrl(promo)
    // promotiongoodsinfo knows price and commission, not coupons: the reply must not claim there is none.
    return info ? quotedJdPromotion(info, null, promoUrl, { couponKnown: false }) : unquotedJdPromotion(jdRefId(ref), promoUrl)
  }

  /**
   * A short or union link: its link and goods.query (which takes union
   * links as keyword) at once; when the item has a coupon, a second call
   * binds it to an item-page link. Without goods.query nothing names the
   * item, so the reply is unquoted and carries the link as its item id.
   */
  async #promoteMaterial(url: string, attribution: Attribution): Promise<Promotion> {
    const lookup = this.permissions.isDenied(JD_GOODS_METHOD)
      ? Promise.resolve(undefined)
      : this.#optionalGoods(() => this.queryGoods({ keyword: url, pageSize: 1 }))
    const [promo, goods] = await Promise.all([this.#link(url, attribution), lookup])
    if (!goods) return unquotedJdPromotion(url, jdPromoUrl(promo))
    const coupon = bestJdCoupon(goods, this.#now())
    if (!coupon) return quotedJdPromotion(goods, null, jdPromoUrl(promo))
    return this.#promoteGoods(goods, attribution)
  }

  async #promoteGoods(goods: JdGoods, attribution: Attribution): Promise<Promotion> {
    const coupon = bestJdCoupon(goods, this.#now())
    const ref: JdItemRef = goods.skuId ? { kind: 'sku', skuId: goods.skuId } : { kind: 'item', itemId: goods.id }
    const promo = await this.#link(jdMaterialUrl(ref), attribution, coupon?.link)
    return quotedJdPromotion(goods, promo.couponBound ? coupon : null, jdPromoUrl(promo))
  }

  /**
   * The item's goods.query row; null when JD has none (not in the program);
   * undefined when goods.query is refused on this account.
   */
  async #goodsFor(ref: JdItemRef): Promise<JdGoods | null | undefined> {
    if (this.permissions.isDenied(JD_GOODS_METHOD)) return undefined
    const query = ref.kind === 'sku' ? { skuIds: [ref.skuId] } : { itemIds: [ref.itemId] }
    try {
      const { items } = await this.queryGoods(query)
      const id = jdRefId(ref)
      return items.find((item) => item.skuId === id || item.unionItemId === id) ?? null
    } catch (error) {
      if (error instanceof PlatformPermissionError) return undefined
      throw error
    }
  }

  /** goods.query for a union link; a refusal or an outage leaves the reply unquoted, never fails it. */
  async #optionalGoods(run: () => Promise<{ items: readonly JdGoods[] }>): Promise<JdGoods | undefined> {
    try {
      return (await run()).items[0]
    } catch (error) {
      if (!(error instanceof PlatformPermissionError)) log.warn('goods.query for a union link failed', { error })
      return undefined
    }
  }

  /**
   * goods.promotiongoodsinfo.query (通用API) for a sku: price and mobile
   * commission rate, no coupons. Never fails the conversion: a refusal or a
   * method JD no longer serves is remembered, anything else logged.
   */
  async #goodsInfo(ref: JdItemRef): Promise<JdGoodsInfo | undefined> {
    if (ref.kind !== 'sku' || this.permissions.isDenied(JD_GOODS_INFO_METHOD)) return undefined
    try {
      const result = await this.call(JD_GOODS_INFO_METHOD, { skuIds: ref.skuId })
      return readJdGoodsInfo(result.data, ref.skuId)
    } catch (error) {
      const gone = error instanceof PlatformPermissionError || (error instanceof PlatformRequestError && error.code === '15')
      if (gone && error instanceof PlatformError) this.permissions.deny(JD_GOODS_INFO_METHOD, error)
      else log.warn('goods.promotiongoodsinfo.query failed; the reply goes without price facts', { error })
      return undefined
    }
  }

  /**
   * The promo link, by subUnionId while bysubunionid.get is ours, else by
   * promotion.common.get. A coupon JD refuses (2001901/05/06/09/11/14/17)
   * is dropped and the link made once more without it.
   */
  async #link(
    materialId: string,
    attribution: Attribution,
    couponUrl?: string,
  ): Promise<JdPromotionLink & { readonly couponBound: boolean }> {
    try {
      return { ...(await this.#linkOnce(materialId, attribution, couponUrl)), couponBound: couponUrl !== undefined }
    } catch (error) {
      if (couponUrl === undefined || !isJdCouponError(error)) throw error
      log.info('JD refused the coupon; converting without it', { materialId, error })
      return { ...(await this.#linkOnce(materialId, attribution, undefined)), couponBound: false }
    }
  }

  async #linkOnce(materialId: string, attribution: Attribution, couponUrl: string | undefined): Promise<JdPromotionLink> {
    if (!this.permissions.isDenied(JD_PROMOTION_METHOD)) {
      try {
        return await this.getPromotionLink({ materialId, subUnionId: attribution.attributionId, couponUrl })
      } catch (error) {
        if (!(error instanceof PlatformPermissionError)) throw error
      }
    }
    return this.getCommonPromotionLink(materialId, couponUrl)
  }
}
