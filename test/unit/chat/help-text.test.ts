import { describe, expect, it } from 'vitest'
import { CHATTER_HINT, miniProgramCardHint } from '../../../src/chat/help.text.js'
import type { UnreadableCard } from '../../../src/links/mini-program-card.js'

describe(miniProgramCardHint.name, () => {
  it.each<[UnreadableCard, string]>([
    [{ kind: 'no-item', platform: 'jd' }, '这张京东小程序卡片里没有商品（可能是店铺或活动页），请在App的商品页点「分享」→「复制链接」，把链接发给我。'],
    [{ kind: 'no-item', platform: 'pdd' }, '这张拼多多小程序卡片里没有商品（可能是店铺或活动页），请在App的商品页点「分享」→「复制链接」，把链接发给我。'],
    [{ kind: 'unknown-app' }, '这个小程序卡片我认不出商品，请在App的商品页点「分享」→「复制链接」，把链接发给我。'],
  ])('%j', (card, line) => {
    expect(miniProgramCardHint(card)).toBe(line)
    expect(line).not.toBe(CHATTER_HINT)
  })
})
