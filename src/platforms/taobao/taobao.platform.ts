import type { ParsedLink } from '../../links/parsed-link.js'
import { quote } from '../../money/quote.js'
import { createLogger } from '../../shared/log.js'
import type { DealPage, DealQuery, DealSource } from '../deal-source.js'
import type { OrderFeed, OrderPage, OrderWindow } from '../order-feed.js'
import type { AffiliatePlatform, Attribution, Promotion } from '../platform.js'
import {
  ItemNotPromotableError,
  LinkNotResolvableError,
  PlatformAuthError,
  PlatformError,
  PlatformRateLimitedError,
  PlatformRequestError,
  PlatformResponseError,
  PlatformUnavailableError,
} from '../platform-errors.js'
import { postForm } from '../post-form.js'
import { withRetry, type RetryOptions } from '../retry.js'
import { timePlatformCall } from '../../metrics/metrics.js'
import type { SignMethod } from '../sign.js'
import {
  INVITE_CODE_METHOD,
  INVITE_CODE_PARAMS,
  InviteCodeRoot,
  isSessionError,
  PUBLISHER_INFO_TYPE,
  PUBLISHER_SAVE_METHOD,
  PublisherSaveRoot,
  TAOBAO_OAUTH_URL,
  TaobaoAuthorizationCodeError,
  taobaoAuthorizeUrl,
  TaobaoBindingRefusedError,
  toPublisherBinding,
  TOKEN_CREATE_METHOD,
  TokenCreateRoot,
  toUserToken,
  type TaobaoPublisherBinding,
  type TaobaoUserToken,
} from './taobao-binding.js'
import { fetchTaobaoDealPage } from './taobao-deal-page.js'
import { parseTaobaoRoot, readTaobaoEnvelope } from './taobao-envelope.js'
import { ITEM_INFO_METHOD, ItemInfoRoot, toItemInfos, type TaobaoItemInfo } from './taobao-item-info.js'
import { LINK_CONVERT_METHOD, LinkConvertRoot, toConversion, type TaobaoConversion } from './taobao-link-convert.js'
import { TaobaoNumericIdError } from './taobao-error.js'
import { itemPageUrl, materialFor } from './taobao-material.js'
import { fetchTaobaoOrderPage, TAOBAO_ORDER_WINDOW_MS } from './taobao-order-feed.js'
import { buildTaobaoForm, type BusinessParams } from './taobao-request.js'
import { TPWD_CREATE_METHOD, TpwdCreateRoot, toTpwd, type TaobaoTpwd } from './taobao-tpwd.js'

const log = createLogger('taobao')

/** `biz_scene_id` TOP requires alongside `relation_id`, or the second conversion of the item fails. */
const BIZ_SCENE_WITH_RELATION = 2

export interface TaobaoPlatformOptions {
  readonly appKey: string
  readonly secret: string
  /** TAOBAO_GATEWAY, or the simulator's `/router/rest`. */
  readonly gateway: string
  readonly timeoutMs: number
  readonly retry: RetryOptions
  readonly now?: () => Date
  /** 推广位 id: the 3rd segment of the PID `mm_<member>_<site>_<adzone>`. */
  readonly adzoneId: string
  /** 媒体 id, the PID's 2nd segment; only the sc (服务商) APIs need it. */
  readonly siteId?: string | undefined
  readonly signMethod: SignMethod
  /** OAuth session; the dg APIs used here need none, so it is sent only when given. */
  readonly session?: string | undefined
}

/** Taobao Open Platform (淘宝联盟 tbk) adapter. */
export class TaobaoPlatform implements AffiliatePlatform, OrderFeed, DealSource {
  readonly platform = 'taobao' as const
  readonly maxWindowMs = TAOBAO_ORDER_WINDOW_MS
  readonly #options: TaobaoPlatformOptions

  constructor(options: TaobaoPlatformOptions) {
    this.#options = options
  }

  /**
   * One signed TOP call, retried with backoff while the error is retryable
   * (each attempt re-signed with a fresh timestamp). Returns the success root.
   * `session` is sent instead of the configured one (a call on a shopper's or the operator's behalf).
   * @throws a PlatformError subclass
   */
  async call(method: string, business: BusinessParams, session?: string): Promise<Record<string, unknown>> {
    const { gateway, timeoutMs, now = () => new Date() } = this.#options
    const signer = session === undefined ? this.#options : { ...this.#options, session }
    return withRetry(
      () =>
        timePlatformCall('taobao', method, async () => {
          const form = buildTaobaoForm(method, business, signer, now())
          const body = await postForm('taobao', { url: gateway, timeoutMs }, form).catch((error: unknown) => {
            throw withMethod(method, error)
          })
          return readTaobaoEnvelope(method, body)
        }),
      this.#options.retry,
    )
  }

  /** 万能转链 for one material (URL or 淘口令 text) and one user. */
  async convertLink(material: string, attribution: Attribution): Promise<TaobaoConversion> {
    const relationId = attribution.taobaoRelationId
    const root = await this.call(LINK_CONVERT_METHOD, {
      adzone_id: this.#options.adzoneId,
      material_list: material,
      // No external_id: general.link.convert takes none at the top level and no order row echoes one (C4).
      relation_id: relationId,
      biz_scene_id: relationId === undefined ? undefined : BIZ_SCENE_WITH_RELATION,
    })
    return toConversion(parseTaobaoRoot(LINK_CONVERT_METHOD, LinkConvertRoot, root))
  }

  /** Title, picture and price of an (encrypted) item id. @throws LinkNotResolvableError when TOP knows no such item */
  async itemInfo(itemId: string): Promise<TaobaoItemInfo> {
    const root = await this.call(ITEM_INFO_METHOD, { item_id: itemId })
    const [item] = toItemInfos(parseTaobaoRoot(ITEM_INFO_METHOD, ItemInfoRoot, root))
    if (!item) throw new LinkNotResolvableError('taobao', `${ITEM_INFO_METHOD}: no item ${itemId}`)
    return item
  }

  /** A 淘口令 for an official promo link (s.click.taobao.com / uland.taobao.com). */
  async createTpwd(url: string): Promise<TaobaoTpwd> {
    const root = await this.call(TPWD_CREATE_METHOD, { url })
    return toTpwd(parseTaobaoRoot(TPWD_CREATE_METHOD, TpwdCreateRoot, root))
  }

  /**
   * Two serial round trips: 万能转链, then item info beside (only when 万能转链
   * gave no 淘口令) tpwd.create. A numeric-id refusal costs a third: the item
   * page URL is converted instead.
   */
  async promote(link: ParsedLink, attribution: Attribution, material?: string): Promise<Promotion> {
    const conversion = await this.#convert(link, attribution, material)
    const [item, tpwd] = await Promise.all([
      this.itemInfo(conversion.itemId),
      conversion.tpwd === undefined ? this.#tpwdFor(conversion.promoUrl) : Promise.resolve(conversion.tpwd),
    ])
    const commissionRateBp = conversion.commissionRateBp ?? item.incomeRateBp ?? 0
    if (commissionRateBp <= 0) {
      throw new ItemNotPromotableError('taobao', `${LINK_CONVERT_METHOD}: item ${conversion.itemId} pays no commission`)
    }
    const { priceAfterCouponFen, commissionFen } = quote({ priceFen: item.priceFen, coupon: conversion.coupon, commissionRateBp })
    return {
      platform: 'taobao',
      itemId: conversion.itemId,
      title: item.title,
      imageUrl: item.imageUrl,
      priceFen: item.priceFen,
      coupon: conversion.coupon,
      priceAfterCouponFen,
      commissionRateBp,
      commissionFen,
      promoUrl: conversion.promoUrl,
      tpwd,
    }
  }

  /** 万能转链 of what was pasted; on TOP's numeric-id refusal (-4003), of the item page URL once more. */
  async #convert(link: ParsedLink, attribution: Attribution, pasted: string | undefined): Promise<TaobaoConversion> {
    const first = materialFor(link, pasted)
    try {
      return await this.convertLink(first, attribution)
    } catch (error) {
      if (!(error instanceof TaobaoNumericIdError)) throw error
      const page = itemPageUrl(link)
      if (page !== undefined && page !== first) {
        log.info('numeric item id refused, converting the item page URL', { link, error })
        try {
          return await this.convertLink(page, attribution)
        } catch (again) {
          if (!(again instanceof TaobaoNumericIdError)) throw again
        }
      }
      throw new TaobaoNumericIdError(
        'taobao',
        `${LINK_CONVERT_METHOD}: TOP refuses numeric item ids (-4003) and no other form of this link is accepted: ${error.message}`,
        { code: error.code, subCode: error.subCode, requestId: error.requestId },
      )
    }
  }

  /**
   * One page of orders updated in the window: order.details.get pages, then
   * order.refund.get pages (clawbacks after settlement, in `refunds`).
   * @throws PlatformRequestError for a window over 3 h; OrderWindowTooLongError when TOP
   *   allows less (20 min in big sales); PlatformAuthError when TOP refuses our keys
   */
  async fetchOrderPage(window: OrderWindow, cursor: string | undefined): Promise<OrderPage> {
    return fetchTaobaoOrderPage((method, business) => this.call(method, business), window, cursor, this.#options.adzoneId)
  }

  /** One page of 物料搜索升级版 for a keyword or category (none: the general material). */
  async listDeals(query: DealQuery): Promise<DealPage> {
    const { adzoneId, now = () => new Date() } = this.#options
    return fetchTaobaoDealPage((method, business) => this.call(method, business), adzoneId, query, now())
  }

  /**
   * The page where a shopper lets our app act for them (Taobao's OAuth
   * authorize page, or `base`: TAOBAO_OAUTH_URL, the simulator's page).
   */
  authorizeUrl(state: string, redirectUri: string, base: string = TAOBAO_OAUTH_URL): string {
    return taobaoAuthorizeUrl(base, this.#options.appKey, state, redirectUri)
  }

  /**
   * The shopper's session for the OAuth code their authorization sent back.
   * @throws TaobaoAuthorizationCodeError when TOP refuses the code (unknown, used, expired);
   *   PlatformAuthError when it refuses our keys
   */
  async createToken(code: string, uuid?: string): Promise<TaobaoUserToken> {
    try {
      const root = await this.call(TOKEN_CREATE_METHOD, { code, uuid })
      return toUserToken(TOKEN_CREATE_METHOD, parseTaobaoRoot(TOKEN_CREATE_METHOD, TokenCreateRoot, root))
    } catch (error) {
      if (!isRefusalOfRequest(error)) throw error
      throw new TaobaoAuthorizationCodeError('taobao', error.message, { code: error.code, subCode: error.subCode, requestId: error.requestId })
    }
  }

  /**
   * The operator's 渠道 invite code (the same code every time: one per account and scene).
   * @param session the operator's own session (TAOBAO_SESSION)
   * @throws PlatformAuthError when the session is missing or no longer valid
   */
  async inviteCode(session: string): Promise<string> {
    const root = await this.call(INVITE_CODE_METHOD, { ...INVITE_CODE_PARAMS }, session)
    return parseTaobaoRoot(INVITE_CODE_METHOD, InviteCodeRoot, root).data.inviter_code
  }

  /**
   * Registers the shopper as the operator's 渠道 (备案) and returns their relation_id.
   * @param userSession the shopper's session from createToken
   * @param note our id for the user (媒体侧渠道备注), to find them in Taobao's lists
   * @throws TaobaoBindingRefusedError when Taobao refuses the shopper, their session or the code
   */
  async savePublisher(userSession: string, inviterCode: string, note: string): Promise<TaobaoPublisherBinding> {
    try {
      const root = await this.call(PUBLISHER_SAVE_METHOD, { inviter_code: inviterCode, info_type: PUBLISHER_INFO_TYPE, note }, userSession)
      return toPublisherBinding(PUBLISHER_SAVE_METHOD, parseTaobaoRoot(PUBLISHER_SAVE_METHOD, PublisherSaveRoot, root))
    } catch (error) {
      const sessionRefused = error instanceof PlatformAuthError && isSessionError(error.code, error.subCode)
      if (!sessionRefused && !isRefusalOfRequest(error)) throw error
      const { code, subCode, requestId } = error as PlatformError
      throw new TaobaoBindingRefusedError('taobao', (error as PlatformError).message, { code, subCode, requestId })
    }
  }

  /** A missing 口令 costs the reply one line, not the whole answer: business refusals degrade to none. */
  async #tpwdFor(url: string): Promise<string | undefined> {
    try {
      return (await this.createTpwd(url)).tpwd
    } catch (error) {
      if (!(error instanceof PlatformRequestError || error instanceof LinkNotResolvableError)) throw error
      log.warn('no 淘口令 for promo link', { url, error })
      return undefined
    }
  }
}

/**
 * A business refusal of what we sent (not our keys, not throttling, not an
 * outage, not an unreadable answer): the caller's input was refused.
 */
function isRefusalOfRequest(error: unknown): error is PlatformError {
  return (
    error instanceof PlatformError &&
    !(error instanceof PlatformAuthError) &&
    !(error instanceof PlatformRateLimitedError) &&
    !(error instanceof PlatformUnavailableError) &&
    !(error instanceof PlatformResponseError) &&
    !(error instanceof TaobaoBindingRefusedError)
  )
}

/** Transport errors from postForm do not know which API was called; operators need it. */
function withMethod(method: string, error: unknown): unknown {
  if (!(error instanceof PlatformError)) return error
  const ErrorClass = error.constructor as new (...args: ConstructorParameters<typeof PlatformError>) => PlatformError
  return new ErrorClass('taobao', `${method}: ${error.message}`, {
    code: error.code,
    subCode: error.subCode,
    requestId: error.requestId,
  })
}
