import { simItem } from '../catalog.js'
import { missingArgument, topError, topSuccess, type TopHandler } from './taobao-envelope.js'
import { fullTpwd, promoForCode, shortTpwd } from './taobao-tpwd-code.js'

export const TPWD_CREATE_METHOD = 'taobao.tbk.tpwd.create'

const UNION_HOSTS = new Set(['s.click.taobao.com', 'uland.taobao.com'])

const notUnionLink = (subMsg: string) => ({
  code: 15,
  msg: 'Remote service error',
  subCode: 'isv.invalid-parameter',
  subMsg,
})

/**
 * 口令 for union promo links. The simulator only knows the links it issued, so
 * any other union link is refused like a non-union one (TOP would wrap it).
 */
export const handleTpwdCreate: TopHandler = (params, state, requestId) => {
  const text = params.url
  if (!text) return topError(requestId, missingArgument('url'))
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return topError(requestId, notUnionLink('url 不是合法链接'))
  }
  if (url.protocol !== 'https:' || !UNION_HOSTS.has(url.hostname)) {
    return topError(requestId, notUnionLink('仅支持淘宝联盟推广链接(s.click.taobao.com / uland.taobao.com)'))
  }
  const code = url.searchParams.get('e') ?? url.pathname.split('/').filter(Boolean).pop() ?? ''
  const promo = promoForCode(state, code)
  if (!promo) return topError(requestId, notUnionLink('推广链接不存在或不属于本应用'))
  const title = simItem('taobao', promo.itemKey).title
  return topSuccess(TPWD_CREATE_METHOD, requestId, { data: { model: fullTpwd(promo, title), password_simple: shortTpwd(promo) } })
}
