import { digits, token } from '../sim-hash.js'
import type { SimItem } from '../catalog.js'

/** The long union link of an issued promo: the code rides in `e`, so it can be traced back. */
export function jdClickUrl(code: string): string {
  return `https://union-click.jd.com/jdc?e=${code}`
}

/** A coupon link shaped like JD's; `variant` tells an item's coupons apart. */
export function jdCouponLink(item: SimItem, variant: string): string {
  const seed = `jd-coupon:${item.itemKey}:${variant}`
  const query = `key=${token(seed, 32)}&roleId=${digits(seed, 9)}&to=item.jd.com/${item.apiId}.html`
  return `https://coupon.m.jd.com/coupons/show.action?${query}`
}

/** 京口令 texts for an issued promo (command: 1). */
export function jdCommands(code: string, title: string): { jCommand: string; jShortCommand: string } {
  return {
    jCommand: `27:/￥${code}￥ 「${title}」复制整段话，打开京东APP购物`,
    jShortCommand: `￥${code}￥`,
  }
}
