import type { ParsedLink } from '../../links/parsed-link.js'
import type { DealPage, DealQuery, DealSource } from '../deal-source.js'
import type { OrderFeed, OrderPage, OrderWindow } from '../order-feed.js'
import type { AffiliatePlatform, Attribution, Promotion } from '../platform.js'
import { ItemNotPromotableError, LinkNotResolvableError } from '../platform-errors.js'
import { postForm } from '../post-form.js'
import { type RetryOptions, withRetry } from '../retry.js'
import { pddCustomParameters } from './pdd-custom-parameters.js'
import { fetchPddDealPage } from './pdd-deal-page.js'
import { parsePddResult, readPddEnvelope } from './pdd-envelope.js'
import { goodsSearchResponseSchema, type PddGoodsSearchResult, toPddGoods } from './pdd-goods.js'
import { fetchPddOrderPage } from './pdd-order-feed.js'
import { PDD_MAX_ORDER_WINDOW_MS } from './pdd-order-window.js'
import { pddPromotion } from './pdd-promotion.js'
import {
  goodsSignFromUrl,
  type PddPromotionUrls,
  pddUrlSetSchema,
  promotionUrlGenerateResponseSchema,
  toPddPromotionUrls,
} from './pdd-promotion-urls.js'
import { buildPddForm, type PddBusinessParams } from './pdd-request.js'
import { pddSourceFor } from './pdd-source.js'

export interface PddPlatformOptions {
  /** The app's `client_id`. */
  readonly appKey: string
  /** The app's `client_secret`. */
  readonly secret: string
  /** 推广位 `<duoId>_<n>`, e.g. `1949211_49329093`. */
  readonly pid: string
  /** `https://gw-api.pinduoduo.com/api/router`, or the simulator's. */
  readonly gateway: string
  readonly timeoutMs: number
  readonly retry: RetryOptions
  readonly now?: () => Date
}

/** zs.unit.url.gen's answer plus the goods_sign read out of its long URL. */
export interface PddZsUnitUrl extends PddPromotionUrls {
  readonly goodsSign: string
}

const ZS_UNIT_URL_GEN = 'pdd.ddk.goods.zs.unit.url.gen'
const GOODS_SEARCH = 'pdd.ddk.goods.search'
const PROMOTION_URL_GENERATE = 'pdd.ddk.goods.promotion.url.generate'

/** Pinduoduo 多多进宝 (`pdd.ddk.*`) over the POP gateway: form POST, md5-signed. */
export class PddPlatform implements AffiliatePlatform, OrderFeed, DealSource {
  readonly platform = 'pdd' as const
  readonly maxWindowMs = PDD_MAX_ORDER_WINDOW_MS
  readonly #options: PddPlatformOptions
  readonly #now: () => Date

  constructor(options: PddPlatformOptions) {
    if (!/^\d+_\d+$/.test(options.pid)) throw new Error(`pdd pid must look like 1949211_49329093, got "${options.pid}"`)
    this.#options = options
    this.#now = options.now ?? (() => new Date())
  }

  /**
   * One signed API call, retried on throttling and outages (each attempt
   * re-signed with a fresh timestamp). Returns the body with its
   * method-specific root key still to be parsed.
   * @throws a PlatformError subclass (see pdd-error.ts for the code mapping)
   */
  async call(method: string, params: PddBusinessParams): Promise<Readonly<Record<string, unknown>>> {
    const { appKey, secret, gateway, timeoutMs, retry } = this.#options
    return withRetry(async () => {
      const form = buildPddForm(method, params, { clientId: appKey, secret }, this.#now())
      const body = await postForm('pdd', { url: gateway, timeoutMs }, form)
      return readPddEnvelope(method, body)
    }, retry)
  }

  /** 转链: any PDD goods page, `goods.html?ps=` or p.pinduoduo.com link → this user's links and the goods_sign. */
  async generateZsUnitUrl(sourceUrl: string, attributionId: string): Promise<PddZsUnitUrl> {
    const body = await this.call(ZS_UNIT_URL_GEN, {
      pid: this.#options.pid,
      source_url: sourceUrl,
      custom_parameters: pddCustomParameters(attributionId),
    })
    const urls = toPddPromotionUrls(parsePddResult(ZS_UNIT_URL_GEN, body, 'goods_zs_unit_generate_response', pddUrlSetSchema))
    const goodsSign = goodsSignFromUrl(urls.url)
    if (goodsSign === undefined) {
      throw new LinkNotResolvableError('pdd', `pdd ${ZS_UNIT_URL_GEN}: ${sourceUrl} is not a goods link (no goods_sign in ${urls.url})`)
    }
    return { ...urls, goodsSign }
  }

  /** Quotes goods by goods_sign; goods outside 多多进宝 are simply absent from the answer. */
  async searchGoods(goodsSigns: readonly string[], attributionId?: string): Promise<PddGoodsSearchResult> {
    const body = await this.call(GOODS_SEARCH, {
      pid: this.#options.pid,
      goods_sign_list: goodsSigns,
      custom_parameters: attributionId === undefined ? undefined : pddCustomParameters(attributionId),
    })
    const raw = parsePddResult(GOODS_SEARCH, body, 'goods_search_response', goodsSearchResponseSchema)
    const now = this.#now()
    return {
      goods: raw.goods_list.map((goods) => toPddGoods(goods, now)),
      searchId: raw.search_id ?? undefined,
      listId: raw.list_id ?? undefined,
      totalCount: raw.total_count ?? undefined,
    }
  }

  /** This user's promo links for one goods. */
  async generatePromotionUrl(goodsSign: string, attributionId: string, searchId?: string): Promise<PddPromotionUrls> {
    const body = await this.call(PROMOTION_URL_GENERATE, {
      p_id: this.#options.pid,
      goods_sign_list: [goodsSign],
      custom_parameters: pddCustomParameters(attributionId),
      search_id: searchId,
      generate_short_url: true,
    })
    const raw = parsePddResult(PROMOTION_URL_GENERATE, body, 'goods_promotion_url_generate_response', promotionUrlGenerateResponseSchema)
    const first = raw.goods_promotion_url_list[0]
    if (!first) throw new ItemNotPromotableError('pdd', `pdd ${PROMOTION_URL_GENERATE}: no link generated for ${goodsSign}`)
    return toPddPromotionUrls(first)
  }

  /** zs.unit.url.gen (unless the goods_sign is known) → goods.search → promotion.url.generate. */
  async promote(link: ParsedLink, attribution: Attribution): Promise<Promotion> {
    const source = pddSourceFor(link)
    const goodsSign =
      'goodsSign' in source ? source.goodsSign : (await this.generateZsUnitUrl(source.sourceUrl, attribution.attributionId)).goodsSign
    const search = await this.searchGoods([goodsSign], attribution.attributionId)
    // PDD may answer with a re-encrypted sign for the same goods; one result for one asked sign is that goods.
    const goods = search.goods.find((g) => g.goodsSign === goodsSign) ?? (search.goods.length === 1 ? search.goods[0] : undefined)
    if (!goods) {
      throw new ItemNotPromotableError('pdd', `pdd goods ${goodsSign} is not in the 多多进宝 program (goods.search has no match)`)
    }
    const urls = await this.generatePromotionUrl(goods.goodsSign, attribution.attributionId, goods.searchId ?? search.searchId)
    return pddPromotion(goods, urls)
  }

  /**
   * One page of orders updated in the window (order.list.increment.get,
   * paged from the last page down; see pdd-order-feed.ts). The cursor is
   * JSON `{v, start_update_time, end_update_time, page}`.
   */
  fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
    return fetchPddOrderPage((method, params) => this.call(method, params), window, cursor)
  }

  /**
   * One page of curated deals: goods.search by keyword, or with none for
   * PDD's general selection. Entries that fail validation are skipped (and logged).
   */
  listDeals(query: DealQuery): Promise<DealPage> {
    return fetchPddDealPage((method, params) => this.call(method, params), this.#options.pid, query, this.#now())
  }
}

export type { PddGoods, PddGoodsSearchResult } from './pdd-goods.js'
export type { PddPromotionUrls } from './pdd-promotion-urls.js'
