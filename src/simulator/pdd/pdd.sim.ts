import type { SimPlatform, SimRequest, SimResponse } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import { PddSimError, pddErrorResponse } from './pdd-envelope.js'
import { goodsPromotionUrlGenerate } from './pdd-goods-promotion-url-generate.js'
import { goodsKeywordSearch } from './pdd-goods-keyword-search.js'
import { goodsSearch } from './pdd-goods-search.js'
import { goodsZsUnitUrlGen } from './pdd-goods-zs-unit-url-gen.js'
import { memberAuthorityQuery } from './pdd-member-authority-query.js'
import { pddAuthorizePage } from './pdd-authorize-page.js'
import { rpPromUrlGenerate } from './pdd-rp-prom-url-generate.js'
import { orderListIncrementGet } from './pdd-order-list-increment-get.js'
import { verifyPddRequest } from './pdd-verify-request.js'

type PddHandler = (params: Readonly<Record<string, string>>, state: SimState, request?: SimRequest) => SimResponse

const HANDLERS: Readonly<Record<string, PddHandler>> = {
  'pdd.ddk.goods.zs.unit.url.gen': goodsZsUnitUrlGen,
  // By goods_sign_list it quotes those goods; otherwise it is a keyword (or general) search.
  'pdd.ddk.goods.search': (params, state) =>
    params.goods_sign_list === undefined ? goodsKeywordSearch(params, state) : goodsSearch(params, state),
  'pdd.ddk.goods.promotion.url.generate': goodsPromotionUrlGenerate,
  'pdd.ddk.order.list.increment.get': orderListIncrementGet,
  'pdd.ddk.member.authority.query': memberAuthorityQuery,
  'pdd.ddk.rp.prom.url.generate': rpPromUrlGenerate,
}

/** Pinduoduo's POP gateway (`/api/router`) for the 多多进宝 methods the adapter uses. */
export const pddSim: SimPlatform = {
  platform: 'pdd',
  path: '/api/router',
  handle(params, state, request) {
    try {
      verifyPddRequest(params, state)
      const type = params.type ?? ''
      const handler = Object.hasOwn(HANDLERS, type) ? HANDLERS[type] : undefined
      if (!handler) throw new PddSimError('publicParam', '公共参数错误:type')
      return handler(params, state, request)
    } catch (error) {
      if (error instanceof PddSimError) return pddErrorResponse(error.kind, error.subMsg)
      throw error
    }
  },
  page: pddAuthorizePage,
  faultResponse(fault) {
    return fault === 'rate-limit'
      ? pddErrorResponse('rateLimit', '当前接口已被限流，请稍后重试')
      : pddErrorResponse('unavailable', '服务异常，请稍后重试')
  },
}
