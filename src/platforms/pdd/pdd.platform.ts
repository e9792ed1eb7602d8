import type { ParsedLink } from '../../links/parsed-link.js'
import type { DealPage, DealQuery, DealSource } from '../deal-source.js'
import type { OrderFeed, OrderPage, OrderWindow } from '../order-feed.js'
import type { AffiliatePlatform, Attribution, Promotion } from '../platform.js'
import { ItemNotPromotableError, LinkNotResolvableError } from '../platform-errors.js'
import { postForm } from '../post-form.js'
import { type RetryOptions, withRetry } from '../retry.js'
import { timePlatformCall } from '../../metrics/metrics.js'
import { pddCustomParameters } from './pdd-custom-parameters.js'
import { fetchPddDealPage } from './pdd-deal-page.js'
import { parsePddResult, readPddEnvelope } from './pdd-envelope.js'
import { goodsSearchResponseSchema, type PddGoods, type PddGoodsSearchResult, toPddGoods } from './pdd-goods.js'
import { PddNotRegisteredError } from './pdd-error.js'
import { PddRegistrationGate } from './pdd-registration-gate.js'
import type { PddRegistrations } from './pdd-registrations.js'
import { fetchPddOrderPage } from './pdd-order-feed.js'
import { PDD_MAX_ORDER_WINDOW_MS } from './pdd-order-window.js'
import { pddPromotion } from './pdd-promotion.js'
import {
  goodsSignFromUrlSet,
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
  /** What is known of 授权备案 (tests pass their own to control its clock). */
  readonly registrations?: PddRegistrations
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
  readonly #registration: PddRegistrationGate

  constructor(options: PddPlatformOptions) {
    if (!/^\d+_\d+$/.test(options.pid)) throw new Error(`pdd pid must look like 1949211_49329093, got "${options.pid}"`)
    this.#options = options
    this.#now = options.now ?? (() => new Date())
    this.#registration = new PddRegistrationGate({
      call: (method, params) => this.call(method, params),
      pid: options.pid,
      registrations: options.registrations,
      now: () => this.#now().getTime(),
    })
  }

  /**
   * One signed API call, retried on throttling and outages (each attempt
   * re-signed with a fresh timestamp). Returns the body with its
   * method-specific root key still to be parsed.
   * @throws a PlatformError subclass (see pdd-error.ts for the code mapping)
   */
  async call(method: string, params: PddBusinessParams): Promise<Readonly<Record<string, unknown>>> {
    const { appKey, secret, gateway, timeoutMs, retry } = this.#options
    return withRetry(
      () =>
        timePlatformCall('pdd', method, async () => {
          const form = buildPddForm(method, params, { clientId: appKey, secret }, this.#now())
          const body = await postForm('pdd', { url: gateway, timeoutMs }, form)
          return readPddEnvelope(method, body)
        }),
      retry,
    )
  }

  /** 转链: any PDD goods page, `goods.html?ps=` or p.pinduoduo.com link → this user's links and the goods_sign. */
  async generateZsUnitUrl(sourceUrl: string, attributionId: string): Promise<PddZsUnitUrl> {
    const body = await this.call(ZS_UNIT_URL_GEN, {
      pid: this.#options.pid,
      source_url: sourceUrl,
      custom_parameters: pddCustomParameters(attributionId),
    })
    const raw = parsePddResult(ZS_UNIT_URL_GEN, body, 'goods_zs_unit_generate_response', pddUrlSetSchema)
    const urls = toPddPromotionUrls(raw)
    const goodsSign = goodsSignFromUrlSet(raw)
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

  /**
   * 授权备案 first (see pdd-registration-gate.ts), then at most two rounds:
   * a goods_sign link asks goods.search and promotion.url.generate at once; any
   * other link is turned by zs.unit.url.gen into this user's links and the
   * goods_sign, which goods.search then quotes.
   */
  async promote(link: ParsedLink, attribution: Attribution): Promise<Promotion> {
    const source = pddSourceFor(link)
    const customParameters = pddCustomParameters(attribution.attributionId)
    return this.#registration.convert(attribution.attributionId, customParameters, () =>
      'goodsSign' in source ? this.#promoteSign(source.goodsSign, attribution.attributionId) : this.#promoteUrl(source.sourceUrl, attribution.attributionId),
    )
  }

  /** Logs at start whether the PID has done 授权备案 (member.authority.query); never throws. */
  checkSetup(): Promise<void> {
    return this.#registration.checkSetup()
  }

  async #promoteSign(goodsSign: string, attributionId: string): Promise<Promotion> {
    const [search, urls] = await Promise.allSettled([this.searchGoods([goodsSign]), this.generatePromotionUrl(goodsSign, attributionId)])
    // A 备案 refusal wins: the user has to act whatever else failed.
    for (const settled of [search, urls]) {
      if (settled.status === 'rejected' && settled.reason instanceof PddNotRegisteredError) throw settled.reason
    }
    if (search.status === 'rejected') throw search.reason
    const goods = matchGoods(search.value, goodsSign)
    if (urls.status === 'rejected') throw urls.reason
    return pddPromotion(goods, urls.value, goodsSign)
  }

  async #promoteUrl(sourceUrl: string, attributionId: string): Promise<Promotion> {
    const zs = await this.generateZsUnitUrl(sourceUrl, attributionId)
    // zs.unit.url.gen's links already carry this pid and custom_parameters: no promotion.url.generate.
    return pddPromotion(matchGoods(await this.searchGoods([zs.goodsSign]), zs.goodsSign), zs, zs.goodsSign)
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

/**
 * The goods a search by one goods_sign found. PDD may answer with a
 * re-encrypted sign for the same goods; one result for one asked sign is that goods.
 * @throws ItemNotPromotableError when there is none: goods outside 多多进宝 are absent from goods.search
 */
function matchGoods(search: PddGoodsSearchResult, goodsSign: string): PddGoods {
  const goods = search.goods.find((g) => g.goodsSign === goodsSign) ?? (search.goods.length === 1 ? search.goods[0] : undefined)
  if (!goods) throw new ItemNotPromotableError('pdd', `pdd goods ${goodsSign} is not in the 多多进宝 program (goods.search has no match)`)
  return goods
}

export type { PddGoods, PddGoodsSearchResult } from './pdd-goods.js'
export type { PddPromotionUrls } from './pdd-promotion-urls.js'
