import { describe, expect, it } from 'vitest'
import { readMiniProgramCard, type MiniProgramCard, type MiniProgramReading } from '../../../src/links/mini-program-card.js'
import { parseLinks } from '../../../src/links/parse-links.js'
import type { ParsedLink } from '../../../src/links/parsed-link.js'

const JD_APP = { appid: 'wx91d27dbf599dff74', username: 'gh_45b306365c3d@app' }
const PDD_APP = { appid: 'wx32540bd863b27570', username: 'gh_0e7477744313@app' }

/** Cards shaped like what puppets report for a share from the app, and the one product each must become. */
const ITEM_CARDS: readonly { name: string; card: MiniProgramCard; link: ParsedLink }[] = [
  {
    name: 'JD item page as the JD app shares it (.html, extra params)',
    card: { ...JD_APP, title: '京东购物', pagePath: 'pages/item/detail/detail.html?sku=100038004359&cu=true&utm_source=jdapp' },
    link: { platform: 'jd', itemId: '100038004359' },
  },
  {
    name: 'JD item page with a leading slash and no .html',
    card: { ...JD_APP, pagePath: '/pages/item/detail/detail?sku=10051382571691' },
    link: { platform: 'jd', itemId: '10051382571691' },
  },
  {
    name: 'JD card known by appid only',
    card: { appid: 'wx91d27dbf599dff74', pagePath: 'pages/item/detail/detail.html?sku=100012043978' },
    link: { platform: 'jd', itemId: '100012043978' },
  },
  {
    name: 'JD card known by original id only (no @app)',
    card: { username: 'gh_45b306365c3d', pagePath: 'pages/item/detail/detail.html?sku=100012043978' },
    link: { platform: 'jd', itemId: '100012043978' },
  },
  {
    name: 'JD card with XML-escaped ampersands',
    card: { ...JD_APP, pagePath: 'pages/item/detail/detail.html?cu=true&amp;sku=100012043978&amp;x=1' },
    link: { platform: 'jd', itemId: '100012043978' },
  },
  {
    name: 'JD Union promotion card (spreadUrl is a u.jd.com link)',
    card: { ...JD_APP, pagePath: 'pages/union/proxy/proxy?spreadUrl=https%3A%2F%2Fu.jd.com%2Ft7cKIqQ&EA_PTAG=17078.26.6' },
    link: { platform: 'jd', kind: 'short', url: 'https://u.jd.com/t7cKIqQ' },
  },
  {
    name: 'PDD goods page',
    card: { ...PDD_APP, title: '【到手价9.9】加厚抽纸', pagePath: 'package_c/goods/goods.html?goods_id=587123456789&refer_share_channel=message' },
    link: { platform: 'pdd', itemId: '587123456789' },
  },
  {
    name: 'PDD DDK promotion card (package_a/welfare_coupon)',
    card: {
      ...PDD_APP,
      pagePath: 'package_a/welfare_coupon/welfare_coupon?goods_id=175626917398&pid=13796493_181628841&customParameters=2&duoduo_type=2',
    },
    link: { platform: 'pdd', itemId: '175626917398' },
  },
  {
    name: 'PDD older promotion card (pages/welfare_coupon)',
    card: { ...PDD_APP, pagePath: 'pages/welfare_coupon/welfare_coupon?goods_id=2478116379&pid=1860931_43746459' },
    link: { platform: 'pdd', itemId: '2478116379' },
  },
  {
    name: 'PDD card known by original id only',
    card: { username: 'gh_0e7477744313', pagePath: 'package_c/goods/goods.html?goods_id=587123456789' },
    link: { platform: 'pdd', itemId: '587123456789' },
  },
]

describe(readMiniProgramCard.name, () => {
  it.each(ITEM_CARDS)('$name', ({ card, link }) => {
    const reading = readMiniProgramCard(card)
    expect(reading.kind).toBe('item')
    // The card's text is read by the same link rules as a pasted link, and names exactly this product.
    expect(reading.kind === 'item' && parseLinks(reading.text)).toEqual([link])
  })

  it('puts the URL first and keeps the title after it', () => {
    const reading = readMiniProgramCard({ ...JD_APP, title: '推送 好物', pagePath: 'pages/item/detail/detail.html?sku=100038004359' })
    expect(reading).toEqual({ kind: 'item', platform: 'jd', text: 'https://item.jd.com/100038004359.html 推送 好物' })
  })

  it('drops a title that is itself a link, so the card names one product', () => {
    const reading = readMiniProgramCard({ ...PDD_APP, title: '看 https://item.jd.com/100038004359.html', pagePath: 'package_c/goods/goods.html?goods_id=587123456789' })
    expect(reading).toEqual({ kind: 'item', platform: 'pdd', text: 'https://mobile.yangkeduo.com/goods.html?goods_id=587123456789' })
  })

  it.each<[string, MiniProgramCard, MiniProgramReading]>([
    ['JD shop page', { ...JD_APP, pagePath: 'pages/shop/index/index?shopId=1000000127' }, { kind: 'no-item', platform: 'jd' }],
    ['JD home', { ...JD_APP, pagePath: 'pages/index/index.html' }, { kind: 'no-item', platform: 'jd' }],
    ['JD card without a page', { ...JD_APP }, { kind: 'no-item', platform: 'jd' }],
    ['JD item page with a non-numeric sku', { ...JD_APP, pagePath: 'pages/item/detail/detail.html?sku=abc' }, { kind: 'no-item', platform: 'jd' }],
    ['JD sku on another page', { ...JD_APP, pagePath: 'pages/cart/cart?sku=100038004359' }, { kind: 'no-item', platform: 'jd' }],
    [
      'JD proxy card pointing off JD',
      { ...JD_APP, pagePath: 'pages/union/proxy/proxy?spreadUrl=https%3A%2F%2Fu.jd.com.evil.example%2Fx' },
      { kind: 'no-item', platform: 'jd' },
    ],
    ['PDD shop page', { ...PDD_APP, pagePath: 'package_a/mall_page/mall_page.html?mall_id=66692747' }, { kind: 'no-item', platform: 'pdd' }],
    ['PDD red packet page', { ...PDD_APP, pagePath: 'package_b/duoduo_envelope/duoduo_envelope?pid=1860931_44317832' }, { kind: 'no-item', platform: 'pdd' }],
    ['another mini-program', { appid: 'wx2672757b4553d5d7', username: 'gh_b5403cc2567a@app', pagePath: 'pages/item/detail/detail?sku=100038004359' }, { kind: 'unknown-app' }],
    ['a look-alike original id', { username: 'gh_45b306365c3dx', pagePath: 'pages/item/detail/detail?sku=100038004359' }, { kind: 'unknown-app' }],
    ['a card with nothing', {}, { kind: 'unknown-app' }],
  ])('%s', (_name, card, expected) => {
    expect(readMiniProgramCard(card)).toEqual(expected)
  })
})
