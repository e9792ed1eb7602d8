import type { SimPlatform } from '../sim-platform.js'
import { TOP_ERRORS, topError, topRequestId, type TopHandler } from './taobao-envelope.js'
import { handleItemInfo, ITEM_INFO_METHOD } from './taobao-item-info.js'
import { taobaoAuthorizePage } from './taobao-authorize-page.js'
import {
  handleInviteCodeGet,
  handlePublisherInfoSave,
  handleTokenCreate,
  INVITE_CODE_METHOD,
  PUBLISHER_SAVE_METHOD,
  TOKEN_CREATE_METHOD,
} from './taobao-binding-apis.js'
import { handleLinkConvert, LINK_CONVERT_METHOD } from './taobao-link-convert.js'
import { handleMaterialSearch, MATERIAL_SEARCH_METHOD } from './taobao-material-search.js'
import { handleOrderDetails, ORDER_DETAILS_METHOD } from './taobao-order-details.js'
import { handleOrderRefund, ORDER_REFUND_METHOD } from './taobao-order-refund.js'
import { handleTpwdCreate, TPWD_CREATE_METHOD } from './taobao-tpwd-create.js'
import { verifySystemParams } from './taobao-verify.js'

const HANDLERS = new Map<string, TopHandler>([
  [LINK_CONVERT_METHOD, handleLinkConvert],
  [ITEM_INFO_METHOD, handleItemInfo],
  [TPWD_CREATE_METHOD, handleTpwdCreate],
  [ORDER_DETAILS_METHOD, handleOrderDetails],
  [ORDER_REFUND_METHOD, handleOrderRefund],
  [MATERIAL_SEARCH_METHOD, handleMaterialSearch],
  [TOKEN_CREATE_METHOD, handleTokenCreate],
  [INVITE_CODE_METHOD, handleInviteCodeGet],
  [PUBLISHER_SAVE_METHOD, handlePublisherInfoSave],
])

// Faults carry no state; a counter keeps their request ids distinct.
let faultCount = 0

/** Taobao Open Platform gateway (TOP `/router/rest`) with the tbk methods the adapter uses, and the OAuth authorize page. */
export const taobaoSim: SimPlatform = {
  platform: 'taobao',
  path: '/router/rest',
  handle(params, state) {
    const requestId = topRequestId(state.nextSequence())
    const rejected = verifySystemParams(params, state.credentials.taobao, (method) => HANDLERS.has(method))
    if (rejected) return topError(requestId, rejected)
    const handler = HANDLERS.get(params.method ?? '')
    return handler ? handler(params, state, requestId) : topError(requestId, TOP_ERRORS.invalidMethod)
  },
  page: taobaoAuthorizePage,
  faultResponse(fault) {
    const requestId = topRequestId(`fault:${++faultCount}`)
    return topError(requestId, fault === 'rate-limit' ? TOP_ERRORS.callLimited : TOP_ERRORS.remoteServiceError)
  },
}
