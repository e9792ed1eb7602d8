import type { SimItem } from '../catalog.js'
import type { IssuedPromo } from '../sim-state.js'

/**
 * The link set PDD returns for a conversion. The long forms carry the
 * goods_sign (adapters read it back) and the promo code as `cpsSign`; the
 * short forms are the issued p.pinduoduo.com link.
 */
export function pddPromoUrls(
  promo: IssuedPromo,
  item: SimItem,
  pid: string,
  customParameters: string | undefined,
  withShort = true,
): Record<string, string> {
  const query = new URLSearchParams({ goods_sign: item.apiId, pid, cpsSign: `CC_${promo.code}`, duoduo_type: '2' })
  if (customParameters !== undefined) query.set('customParameters', customParameters)
  const landing = `duo_coupon_landing.html?${query.toString()}`
  const long = {
    url: `https://mobile.yangkeduo.com/${landing}`,
    mobile_url: `https://mobile.yangkeduo.com/app.html?launch_url=${encodeURIComponent(landing)}`,
  }
  return withShort ? { ...long, short_url: promo.shortUrl, mobile_short_url: promo.shortUrl } : long
}
