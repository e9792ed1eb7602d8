import { formatYuan } from '../../money/fen.js'

/** TOP writes money as 元 strings with two decimals. */
export const yuan = (fen: number): string => formatYuan(fen)

/** Basis points → TOP's percent string ("15.50"). */
export const percent = (bp: number): string => formatYuan(bp)

/** TOP time: `yyyy-MM-dd HH:mm:ss` in GMT+8. */
export function topTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}
