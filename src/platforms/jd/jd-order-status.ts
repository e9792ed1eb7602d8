import type { OrderStatus } from '../order-feed.js'

/** What a validCode says by itself; 已完成 (17) needs payMonth to tell received from settled. */
type JdValidCodeMeaning = 'unpaid' | 'paid' | 'completed' | 'cancelled' | 'invalid'

/**
 * The validCode table of JD's order.row.query doc (reference §3.4). Codes
 * outside it are unknown to us and the row is rejected, not guessed at.
 */
const INVALID_CODES = [-1, 2, 4, 5, 6, 7, 8, 9, 11, 13, 14, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30]

const MEANINGS: ReadonlyMap<number, JdValidCodeMeaning> = new Map<number, JdValidCodeMeaning>([
  [15, 'unpaid'],
  [16, 'paid'],
  [24, 'paid'],
  [17, 'completed'],
  [3, 'cancelled'],
  ...INVALID_CODES.map((code): [number, JdValidCodeMeaning] => [code, 'invalid']),
])

/**
 * Our status for a row: 16/24 paid; 17 received while `payMonth` (the
 * expected settlement day) is 0 or still ahead of `today`, settled once it is
 * today or past; 3 (取消) refunded; the rest of the table invalid. `'skip'`
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
    case 'cancelled':
      return 'refunded'
    case 'invalid':
      return 'invalid'
    case undefined:
      return undefined
  }
}
