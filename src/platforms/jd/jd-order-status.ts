import type { OrderStatus } from '../order-feed.js'

/** What a validCode says by itself; 已完成 (17) needs payMonth to tell received from settled. */
type JdValidCodeMeaning = 'unpaid' | 'paid' | 'completed' | 'settled' | 'cancelled' | 'invalid'

/**
 * The validCode table of JD's order.row.query doc (typed-jd-union-api
 * json-def/jd.union.open.order.row.query.json), plus what older docs list
 * (SDK field comments quoting them): 10 无效-开增值税专用发票订单, 12
 * 无效-自己推广自己下单 (historical only since 2018-07-13), 18 已结算 (no
 * longer written back since a 5.9 change, but old rows carry it). Codes
 * outside both are unknown to us and the row is rejected, not guessed at.
 */
const INVALID_CODES = [-1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30]

const MEANINGS: ReadonlyMap<number, JdValidCodeMeaning> = new Map<number, JdValidCodeMeaning>([
  [15, 'unpaid'],
  [16, 'paid'],
  [24, 'paid'],
  [17, 'completed'],
  [18, 'settled'],
  [3, 'cancelled'],
  ...INVALID_CODES.map((code): [number, JdValidCodeMeaning] => [code, 'invalid']),
])

/**
 * Our status for a row: 16/24 paid; 17 received while `payMonth` (the
 * expected settlement day) is 0 or still ahead of `today`, settled once it is
 * today or past (a refund after completion keeps 17 and rewrites actualFee,
 * which the settled amount follows); 18 settled; 3 (取消) refunded; the rest
 * of the table invalid. `'skip'`
 * for 15 (待付款: nothing to credit yet, reported again once paid);
 * undefined for a code we do not know.
 * @param payMonth yyyyMMdd, 0 while not completed
 * @param today yyyyMMdd in Beijing time
 */
export function jdOrderStatus(validCode: number, payMonth: number, today: number): OrderStatus | 'skip' | undefined {
  switch (MEANINGS.get(validCode)) {
    case 'unpaid':
      return 'skip'
    case 'paid':
      return 'paid'
    case 'completed':
      return payMonth !== 0 && payMonth <= today ? 'settled' : 'received'
    case 'settled':
      return 'settled'
    case 'cancelled':
      return 'refunded'
    case 'invalid':
      return 'invalid'
    case undefined:
      return undefined
  }
}
