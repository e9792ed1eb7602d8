import type { Platform } from '../links/parsed-link.js'
import { PLATFORM_NAMES, renderFailure } from '../conversions/promotion.text.js'

/** Told to a group owner whose own 授权备案 for a platform is missing: their scheduled push skipped it. */
export function pushNeedsAuthorizationNotice(platform: Platform, authorizationUrl: string | undefined): string {
  return `定时发单暂时跳过了${PLATFORM_NAMES[platform]}的商品：${renderFailure(platform, 'needs-authorization', authorizationUrl)}`
}

/** Told to a group owner when every platform failed for a scheduled push. */
export function pushSkippedNotice(slot: string): string {
  return `定时发单（${slot}）因平台暂时不可用而跳过，下一次会照常发送。`
}
