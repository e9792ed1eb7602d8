import { z } from 'zod'
import { pddList } from './pdd-list.js'

/** The link set both zs.unit.url.gen and promotion.url.generate answer with. */
export const pddUrlSetSchema = z.object({
  url: z.string().min(1),
  short_url: z.string().nullish(),
  mobile_url: z.string().nullish(),
  mobile_short_url: z.string().nullish(),
  multi_group_url: z.string().nullish(),
  multi_group_mobile_url: z.string().nullish(),
})

export const promotionUrlGenerateResponseSchema = z.object({
  goods_promotion_url_list: pddList(pddUrlSetSchema),
})

export interface PddPromotionUrls {
  /** The long landing URL (carries `goods_sign` for goods links). */
  readonly url: string
  /** `https://p.pinduoduo.com/…`, present when a short link was asked for. */
  readonly shortUrl: string | undefined
  readonly mobileUrl: string | undefined
  readonly mobileShortUrl: string | undefined
}

export function toPddPromotionUrls(raw: z.infer<typeof pddUrlSetSchema>): PddPromotionUrls {
  return {
    url: raw.url,
    shortUrl: raw.short_url ?? undefined,
    mobileUrl: raw.mobile_url ?? undefined,
    mobileShortUrl: raw.mobile_short_url ?? undefined,
  }
}

/**
 * `goods_sign` from a landing URL, the trick open-source bots use after
 * zs.unit.url.gen (pea-cake/tbk tbk-api-server/pdd/index.js); an app link
 * carries it inside its `launch_url`.
 */
export function goodsSignFromUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined
  try {
    const parsed = new URL(url, 'https://mobile.yangkeduo.com/')
    const launch = parsed.searchParams.get('launch_url')
    return parsed.searchParams.get('goods_sign') || (launch ? goodsSignFromUrl(launch) : undefined)
  } catch {
    return undefined
  }
}

/** The goods_sign any of a link set's URLs carries (the long one first). */
export function goodsSignFromUrlSet(raw: z.infer<typeof pddUrlSetSchema>): string | undefined {
  for (const url of [raw.url, raw.mobile_url, raw.multi_group_url, raw.multi_group_mobile_url]) {
    const sign = goodsSignFromUrl(url)
    if (sign) return sign
  }
  return undefined
}
