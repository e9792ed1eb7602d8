/*
 * Which pictures go with a copy (issue 14): a 线报 poster sends a copy and
 * its pictures as separate messages, some picture first, some text first.
 * Pure: times in ms, no I/O.
 */

/** WeChat shows at most nine pictures per post; more would flood a group. */
export const MAX_PICTURES_PER_COPY = 9

export interface WaitingPicture {
  readonly id: string
  readonly receivedAtMs: number
}

/** The sender's latest copy, as far as pictures after it are concerned. */
export interface LatestCopy {
  readonly postedAtMs: number
  readonly picturesBefore: number
  readonly picturesAfter: number
}

/**
 * At a copy: the sender's unused pictures that go before it, in the order
 * received. Only those within the window before the copy and after the
 * sender's previous copy; at most nine, the ones nearest the copy (a burst
 * of more than nine starts with the ones least likely to belong to it).
 */
export function picturesBeforeCopy(
  waiting: readonly WaitingPicture[],
  copyAtMs: number,
  previousCopyAtMs: number | undefined,
  windowMs: number,
): WaitingPicture[] {
  if (windowMs <= 0) return []
  const inWindow = waiting.filter(
    (p) => p.receivedAtMs <= copyAtMs && copyAtMs - p.receivedAtMs <= windowMs && (previousCopyAtMs === undefined || p.receivedAtMs > previousCopyAtMs),
  )
  const ordered = [...inWindow].sort((a, b) => a.receivedAtMs - b.receivedAtMs || compareIds(a.id, b.id))
  return ordered.slice(Math.max(0, ordered.length - MAX_PICTURES_PER_COPY))
}

/**
 * At a picture: whether it follows the sender's latest copy. Only within the
 * window after it, only when no picture went before it (its pictures came
 * first, so this one is the next copy's), and while it has fewer than nine.
 */
export function followsCopy(pictureAtMs: number, latest: LatestCopy | undefined, windowMs: number): boolean {
  if (windowMs <= 0 || latest === undefined) return false
  const after = pictureAtMs - latest.postedAtMs
  return after >= 0 && after <= windowMs && latest.picturesBefore === 0 && latest.picturesAfter < MAX_PICTURES_PER_COPY
}

// bigserial ids as strings: the shorter one is the smaller number.
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
