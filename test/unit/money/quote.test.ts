import { describe, expect, it } from 'vitest'
import { targetPosition } from '../../../src/ledger/rebate-position.js'
import { couponSavingFen, estimatedRebateFen, quote, type Quote, type QuoteFacts } from '../../../src/money/quote.js'

const MAX = Number.MAX_SAFE_INTEGER

describe(quote.name, () => {
  it.each<[string, QuoteFacts, Quote]>([
    ['no coupon', { priceFen: 9900, coupon: null, commissionRateBp: 550 }, { priceAfterCouponFen: 9900, couponApplies: false, couponFen: 0, commissionFen: 544 }],
    [
      'a coupon whose threshold the price just reaches',
      { priceFen: 9900, coupon: { amountFen: 1000, thresholdFen: 9900 }, commissionRateBp: 550 },
      { priceAfterCouponFen: 8900, couponApplies: true, couponFen: 1000, commissionFen: 489 },
    ],
    [
      'a threshold one fen above the price: reported elsewhere, not applied',
      { priceFen: 9900, coupon: { amountFen: 1000, thresholdFen: 9901 }, commissionRateBp: 550 },
      { priceAfterCouponFen: 9900, couponApplies: false, couponFen: 0, commissionFen: 544 },
    ],
    [
      'a 无门槛 coupon above the price takes off the price, no more',
      { priceFen: 800, coupon: { amountFen: 1000, thresholdFen: 0 }, commissionRateBp: 2000 },
      { priceAfterCouponFen: 0, couponApplies: true, couponFen: 800, commissionFen: 0 },
    ],
    [
      'a coupon equal to the price',
      { priceFen: 1000, coupon: { amountFen: 1000, thresholdFen: 1000 }, commissionRateBp: 2000 },
      { priceAfterCouponFen: 0, couponApplies: true, couponFen: 1000, commissionFen: 0 },
    ],
    [
      'a zero coupon',
      { priceFen: 1000, coupon: { amountFen: 0, thresholdFen: 0 }, commissionRateBp: 2000 },
      { priceAfterCouponFen: 1000, couponApplies: false, couponFen: 0, commissionFen: 200 },
    ],
    [
      'a zero rate',
      { priceFen: 5000, coupon: { amountFen: 500, thresholdFen: 0 }, commissionRateBp: 0 },
      { priceAfterCouponFen: 4500, couponApplies: true, couponFen: 500, commissionFen: 0 },
    ],
    [
      'a zero price',
      { priceFen: 0, coupon: { amountFen: 500, thresholdFen: 0 }, commissionRateBp: 2000 },
      { priceAfterCouponFen: 0, couponApplies: false, couponFen: 0, commissionFen: 0 },
    ],
    ['rounding down: 599.4 → 599', { priceFen: 999, coupon: null, commissionRateBp: 6000 }, { priceAfterCouponFen: 999, couponApplies: false, couponFen: 0, commissionFen: 599 }],
    ['rounding down: 0.9999 → 0', { priceFen: 1, coupon: null, commissionRateBp: 9999 }, { priceAfterCouponFen: 1, couponApplies: false, couponFen: 0, commissionFen: 0 }],
    [
      'the largest safe price at 100% is exact',
      { priceFen: MAX, coupon: null, commissionRateBp: 10_000 },
      { priceAfterCouponFen: MAX, couponApplies: false, couponFen: 0, commissionFen: MAX },
    ],
    [
      'a huge price never rounds up (a plain product gives …760)',
      { priceFen: 4_503_599_627_370_497, coupon: null, commissionRateBp: 9999 },
      { priceAfterCouponFen: 4_503_599_627_370_497, couponApplies: false, couponFen: 0, commissionFen: 4_503_149_267_407_759 },
    ],
    [
      'a huge coupon on a huge price',
      { priceFen: MAX, coupon: { amountFen: MAX - 10_000, thresholdFen: MAX }, commissionRateBp: 1550 },
      { priceAfterCouponFen: 10_000, couponApplies: true, couponFen: MAX - 10_000, commissionFen: 1550 },
    ],
    [
      'negative and unreadable figures count as zero',
      { priceFen: -100, coupon: { amountFen: -50, thresholdFen: -1 }, commissionRateBp: -500 },
      { priceAfterCouponFen: 0, couponApplies: false, couponFen: 0, commissionFen: 0 },
    ],
    [
      'a negative threshold is 无门槛; a negative rate pays nothing',
      { priceFen: 1000, coupon: { amountFen: 300, thresholdFen: -1 }, commissionRateBp: -500 },
      { priceAfterCouponFen: 700, couponApplies: true, couponFen: 300, commissionFen: 0 },
    ],
    ['NaN price', { priceFen: Number.NaN, coupon: null, commissionRateBp: 1000 }, { priceAfterCouponFen: 0, couponApplies: false, couponFen: 0, commissionFen: 0 }],
    ['fractions of a fen are dropped', { priceFen: 999.9, coupon: null, commissionRateBp: 10_000 }, { priceAfterCouponFen: 999, couponApplies: false, couponFen: 0, commissionFen: 999 }],
    [
      "the platform's final price wins when the coupon applies",
      { priceFen: 9900, coupon: { amountFen: 1000, thresholdFen: 9900 }, commissionRateBp: 550, platformFinalPriceFen: 8500 },
      { priceAfterCouponFen: 8500, couponApplies: true, couponFen: 1000, commissionFen: 467 },
    ],
    [
      "the platform's final price without a coupon (单品直降)",
      { priceFen: 1990, coupon: null, commissionRateBp: 1000, platformFinalPriceFen: 1490 },
      { priceAfterCouponFen: 1490, couponApplies: false, couponFen: 0, commissionFen: 149 },
    ],
    [
      "the platform's final price is ignored when the coupon's threshold is missed",
      { priceFen: 9900, coupon: { amountFen: 3000, thresholdFen: 19_900 }, commissionRateBp: 550, platformFinalPriceFen: 6900 },
      { priceAfterCouponFen: 9900, couponApplies: false, couponFen: 0, commissionFen: 544 },
    ],
    [
      "a final price above the page price is ignored: the coupon is applied by hand",
      { priceFen: 9900, coupon: { amountFen: 1000, thresholdFen: 0 }, commissionRateBp: 550, platformFinalPriceFen: 12_000 },
      { priceAfterCouponFen: 8900, couponApplies: true, couponFen: 1000, commissionFen: 489 },
    ],
    [
      'a zero final price is ignored',
      { priceFen: 9900, coupon: null, commissionRateBp: 550, platformFinalPriceFen: 0 },
      { priceAfterCouponFen: 9900, couponApplies: false, couponFen: 0, commissionFen: 544 },
    ],
  ])('%s', (_name, facts, expected) => {
    expect(quote(facts)).toEqual(expected)
  })

  it('never answers a negative or fractional amount', () => {
    const samples = [-1, 0, 1, 99, 100.5, 9900, 1e9, MAX, Number.NaN, Number.POSITIVE_INFINITY]
    for (const priceFen of samples) {
      for (const amountFen of samples) {
        for (const commissionRateBp of [-1, 0, 1, 550, 10_000]) {
          const q = quote({ priceFen, coupon: { amountFen, thresholdFen: 0 }, commissionRateBp })
          for (const value of [q.priceAfterCouponFen, q.couponFen, q.commissionFen]) {
            expect(Number.isSafeInteger(value) && value >= 0).toBe(true)
          }
        }
      }
    }
  })
})

describe(couponSavingFen.name, () => {
  it.each([
    [9900, null, 0],
    [9900, { amountFen: 1000, thresholdFen: 9900 }, 1000],
    [9899, { amountFen: 1000, thresholdFen: 9900 }, 0],
    [800, { amountFen: 1000, thresholdFen: 0 }, 800],
  ] as const)('%i fen with %o → %i', (price, coupon, saving) => expect(couponSavingFen(price, coupon)).toBe(saving))
})

describe(estimatedRebateFen.name, () => {
  it.each([
    [489, 6000, 293],
    [1, 5000, 0],
    [0, 6000, 0],
    [999, 10_000, 999],
    [-10, 5000, 0],
    [MAX, 10_000, MAX],
  ])('%i fen at %i bp → %i', (commission, share, rebate) => expect(estimatedRebateFen(commission, share)).toBe(rebate))

  it('rounds as crediting does: the quoted rebate is what an order paying that commission credits', () => {
    for (const commission of [0, 1, 7, 489, 599, 12_345, 4_503_599_627_370_497]) {
      for (const share of [0, 1, 3333, 5000, 6000, 8000, 9999, 10_000]) {
        const credited = targetPosition({ status: 'paid', estimatedCommissionFen: commission, settledCommissionFen: null }, share)
        expect(estimatedRebateFen(commission, share)).toBe(credited.pendingFen)
      }
    }
  })
})
