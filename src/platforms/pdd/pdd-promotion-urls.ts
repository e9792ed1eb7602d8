import { z } from 'zod'
import { pddList } from './pdd-list.js'

/** The link set both zs.unit.url.gen and promotion.url.generate answer with. */
export const pddUrlSetSchema = z.object({
  url: z.string().min(1),
  short_url: z.string().nullish(),
  mobile_url: z.string().nullish(),
  mobile_short_url: z.string().nullish(),
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

/** `goods_sign` from a landing URL, the trick open-source bots use after zs.unit.url.gen. */
export function goodsSignFromUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('goods_sign') || undefined
  } catch {
    return undefined
  }
}
