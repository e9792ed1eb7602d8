import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertLinks } from '../../../src/conversions/conversion.service.js'
import type { DatabaseHandle } from '../../../src/db/create-db.js'
import { pushToGroup, type GroupPushDeps } from '../../../src/deals/group-push.service.js'
import { upsertGroup } from '../../../src/groups/group.repository.js'
import type { Platform } from '../../../src/links/parsed-link.js'
import type { CuratedDeal, DealSource } from '../../../src/platforms/deal-source.js'
import type { AffiliatePlatform, Promotion } from '../../../src/platforms/platform.js'
import { setLogSink } from '../../../src/shared/log.js'
import { openTestDatabase, preferredBackend } from '../../support/test-databases.js'

/**
 * The platforms are a stand-in here (the adapters have their own tests): the
 * point is that every path that hands out a link stores the same row for the
 * same quote.
 */
class OneItemPlatform implements AffiliatePlatform, DealSource {
  deal: CuratedDeal | undefined
  constructor(readonly platform: Platform) {}
  async promote(): Promise<Promotion> {
    if (!this.deal) throw new Error('no item')
    const { sales: _sales, shopName: _shop, category: _category, ...quoted } = this.deal
    return { ...quoted, promoUrl: `https://union-click.jd.com/jdc?e=${this.deal.itemId}` }
  }
  async listDeals() {
    return { deals: this.deal ? [this.deal] : [], hasMore: false }
  }
}

/** Quotes where the two former coupon_fen formulas (face value vs. price difference) disagree, and one where they agree. */
const QUOTES: [string, Omit<CuratedDeal, 'platform' | 'itemId' | 'title' | 'sales'>, number][] = [
  ['a 无门槛 coupon above the price saves the price', { priceFen: 800, coupon: { amountFen: 1000, thresholdFen: 0 }, priceAfterCouponFen: 0, commissionRateBp: 2000, commissionFen: 0 }, 800],
  [
    "a 到手价 below price − coupon (单品直降 too) counts only the coupon",
    { priceFen: 9900, coupon: { amountFen: 1000, thresholdFen: 9900 }, priceAfterCouponFen: 8500, commissionRateBp: 550, commissionFen: 467 },
    1000,
  ],
  ['a coupon whose threshold is missed saves nothing', { priceFen: 9900, coupon: { amountFen: 3000, thresholdFen: 19_900 }, priceAfterCouponFen: 9900, commissionRateBp: 550, commissionFen: 544 }, 0],
  ['a plain coupon', { priceFen: 10_000, coupon: { amountFen: 2000, thresholdFen: 0 }, priceAfterCouponFen: 8000, commissionRateBp: 1000, commissionFen: 800 }, 2000],
]

const MONEY = ['platform', 'item_id', 'title', 'promo_url', 'tpwd', 'attribution_id', 'user_id', 'price_fen', 'coupon_fen', 'price_after_coupon_fen', 'commission_rate_bp', 'commission_fen', 'rebate_fen', 'purpose'] as const

describe('the conversions row', () => {
  let handle: DatabaseHandle
  const jd = new OneItemPlatform('jd')
  const platforms = { taobao: new OneItemPlatform('taobao'), jd, pdd: new OneItemPlatform('pdd') }
  const shares = { userShareBp: 6000, groupOwnerShareBp: 8000 }

  beforeAll(async () => {
    setLogSink(() => undefined)
    handle = await openTestDatabase(preferredBackend())
  })
  afterAll(async () => {
    await handle.close()
  })

  const rowsOf = async (itemId: string) =>
    handle.db.selectFrom('conversions').selectAll().where('platform', '=', 'jd').where('item_id', '=', itemId).orderBy('id').execute()

  it.each(QUOTES)('is the same from a reply, a hand-picked push and a scheduled push: %s', async (_name, facts, couponFen) => {
    const itemId = String(Math.floor(Math.random() * 1e12))
    jd.deal = { platform: 'jd', itemId, title: `商品${itemId}`, sales: 10, ...facts }
    const owner = { contactId: `owner-${randomUUID()}`, displayName: '群主' }
    const roomId = `${randomUUID()}@chatroom`
    await upsertGroup(handle.db, { roomId, topic: '发单群', ownerContactId: owner.contactId })
    const links = [{ platform: 'jd' as const, itemId }]
    const deps: GroupPushDeps = {
      db: handle.db,
      platforms,
      dedupeWindowMs: 86_400_000,
      allowWithoutCoupon: true,
      ...shares,
      send: async () => undefined,
      tellOwner: async () => undefined,
    }

    const [reply] = await convertLinks({ db: handle.db, platforms, ...shares }, { ...owner, text: 'x', links })
    const [hand] = await convertLinks({ db: handle.db, platforms, ...shares }, { ...owner, text: `推送 ${itemId}`, links, purpose: 'push' })
    expect(await pushToGroup(deps, roomId, '202611240900')).toBe('pushed')

    const [replyRow, handRow, scheduledRow] = await rowsOf(itemId)
    const pick = (row: Record<string, unknown> | undefined) => Object.fromEntries(MONEY.map((k) => [k, row?.[k]]))
    expect(pick(scheduledRow)).toEqual(pick(handRow))
    expect(Number(handRow?.coupon_fen)).toBe(couponFen)
    expect(Number(replyRow?.coupon_fen)).toBe(couponFen)
    // price − coupon is the price after coupon, except where the platform's final price counts more than the coupon.
    expect(Number(handRow?.coupon_fen)).toBeLessThanOrEqual(facts.priceFen - facts.priceAfterCouponFen)
    // A push link earns its owner the group-owner share (as crediting gives it); the shopper reply before the push, the shopper share.
    expect(Number(handRow?.rebate_fen)).toBe(Math.floor((facts.commissionFen * 8000) / 10_000))
    expect(Number(replyRow?.rebate_fen)).toBe(Math.floor((facts.commissionFen * 6000) / 10_000))
    expect(reply?.ok && reply.rebateFen).toBe(Number(replyRow?.rebate_fen))
    expect(hand?.ok && hand.rebateFen).toBe(Number(handRow?.rebate_fen))
  })
})
