import type { SimPlatform } from '../sim-platform.js'
import type { SimState } from '../sim-state.js'
import {
  JD_GATEWAY_ERRORS,
  jdGatewayErrorResponse,
  type JdInnerResult,
  jdParamError,
  jdResultResponse,
} from './jd-envelope.js'
import { goodsQuery } from './jd-goods.sim.js'
import { jingfenQuery } from './jd-jingfen.sim.js'
import { orderRowQuery } from './jd-order.sim.js'
import { promotionGoodsInfoQuery } from './jd-goods-info.sim.js'
import { takeJdError } from './jd-injected-errors.js'
import { promotionBySubUnionId, promotionCommon } from './jd-promotion.sim.js'
import { jdTierRefusal } from './jd-tier.js'
import { jdRequestObject } from './jd-request-object.js'
import { verifyJdRequest } from './jd-verify.js'

interface JdMethod {
  /** The key wrapping the business params inside `360buy_param_json`; null for APIs whose params are not wrapped. */
  readonly requestName: string | null
  handle(request: unknown, state: SimState): JdInnerResult
}

const METHODS: Readonly<Record<string, JdMethod>> = {
  'jd.union.open.promotion.bysubunionid.get': { requestName: 'promotionCodeReq', handle: promotionBySubUnionId },
  'jd.union.open.promotion.common.get': { requestName: 'promotionCodeReq', handle: promotionCommon },
  'jd.union.open.goods.promotiongoodsinfo.query': { requestName: null, handle: promotionGoodsInfoQuery },
  'jd.union.open.goods.query': { requestName: 'goodsReqDTO', handle: goodsQuery },
  'jd.union.open.goods.jingfen.query': { requestName: 'goodsReq', handle: jingfenQuery },
  'jd.union.open.order.row.query': { requestName: 'orderReq', handle: orderRowQuery },
}

/**
 * JD Union's JOS gateway (`/routerjson`): signed form posts, answers in JOS
 * envelopes. The account tier (state.settings.jdTier) gates the 高级API;
 * injectJdError makes a call answer one of JD's business error codes.
 */
export const jdSim: SimPlatform = {
  platform: 'jd',
  path: '/routerjson',
  handle(params, state) {
    const rejected = verifyJdRequest(params, state)
    if (rejected) return rejected
    const methodName = params.method ?? ''
    const method = Object.hasOwn(METHODS, methodName) ? METHODS[methodName] : undefined
    if (!method) return jdGatewayErrorResponse(JD_GATEWAY_ERRORS.invalidMethod)
    const refusal = jdTierRefusal(methodName, state) ?? takeJdError(state, methodName)
    if (refusal) return jdResultResponse(methodName, refusal, state)
    const request = jdRequestObject(params['360buy_param_json'], method.requestName)
    const inner = 'problem' in request ? jdParamError(request.problem) : method.handle(request.value, state)
    return jdResultResponse(methodName, inner, state)
  },
  faultResponse(fault) {
    return jdGatewayErrorResponse(fault === 'rate-limit' ? JD_GATEWAY_ERRORS.flowLimit : JD_GATEWAY_ERRORS.unavailable)
  },
}
