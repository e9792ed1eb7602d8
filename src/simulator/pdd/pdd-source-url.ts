import { itemKeyFromApiId, type SimItem, simItem } from '../catalog.js'
import { SHORT_HOSTS, type SimState } from '../sim-state.js'
import { PddSimError } from './pdd-envelope.js'

const PDD_HOSTS = /(^|\.)(yangkeduo|pinduoduo)\.com$/

/**
 * The item behind a `source_url`: a link this simulator issued, a goods page
 * (`goods_id=` or `goods_sign=`), a `ps=` share page, a `launch_url=` app
 * wrapper, or a foreign short link (stable item or expired).
 */
export function resolveSourceUrl(sourceUrl: string, state: SimState): SimItem {
  let url: URL
  try {
    url = new URL(sourceUrl)
  } catch {
    throw new PddSimError('link', `source_url无法解析: ${sourceUrl}`)
  }
  if (url.hostname === SHORT_HOSTS.pdd) return resolveReference(url.pathname.split('/').filter(Boolean).pop() ?? '', state)
  if (!PDD_HOSTS.test(url.hostname)) throw new PddSimError('link', `source_url不是拼多多链接: ${sourceUrl}`)

  const launch = url.searchParams.get('launch_url')
  if (launch) return resolveSourceUrl(new URL(launch, 'https://mobile.yangkeduo.com/').toString(), state)
  const goodsSign = url.searchParams.get('goods_sign')
  if (goodsSign) {
    const itemKey = itemKeyFromApiId('pdd', goodsSign)
    if (itemKey === undefined) throw new PddSimError('notPromotable', `goods_sign ${goodsSign} 对应的商品不存在`)
    return simItem('pdd', itemKey)
  }
  const goodsId = url.searchParams.get('goods_id')
  if (goodsId) {
    if (!/^\d{5,20}$/.test(goodsId)) throw new PddSimError('link', `source_url无法解析: goods_id不合法 ${goodsId}`)
    return simItem('pdd', goodsId)
  }
  const ps = url.searchParams.get('ps')
  if (ps) return resolveReference(ps, state)
  throw new PddSimError('link', `source_url无法解析为商品: ${sourceUrl}`)
}

function resolveReference(reference: string, state: SimState): SimItem {
  if (!/^[0-9A-Za-z_-]{4,64}$/.test(reference)) throw new PddSimError('link', `链接无法解析: ${reference}`)
  const issued = state.promoByCode(reference)
  if (issued) return simItem('pdd', issued.itemKey)
  const foreign = state.resolveForeign('pdd', reference)
  if (foreign === 'expired') throw new PddSimError('link', `链接已失效: ${reference}`)
  return simItem('pdd', foreign.itemKey)
}
