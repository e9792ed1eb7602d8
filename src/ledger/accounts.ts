import type { Platform } from '../links/parsed-link.js'

/** held: asked to withdraw, waiting for the operator (not available, not yet paid). */
export type UserBucket = 'pending' | 'available' | 'held' | 'withdrawn'

/** A user's balance bucket; balances are sums of postings to these accounts. */
export function userAccount(userId: string, bucket: UserBucket): string {
  return `user:${userId}:${bucket}`
}

/** The house account a platform's rebates are paid from (commission owed to users). */
export function rebatesAccount(platform: Platform): string {
  return `platform:${platform}:rebates`
}
