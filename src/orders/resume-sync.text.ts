import { PLATFORM_NAMES } from '../conversions/promotion.text.js'
import type { Platform } from '../links/parsed-link.js'
import type { ResumeSyncOutcome } from './resume-sync.service.js'

export const RESUME_SYNC_USAGE = '用法：恢复同步（全部平台）或 恢复同步 淘宝 / 京东 / 拼多多'

const PLATFORM_WORDS: ReadonlyMap<string, Platform> = new Map([
  ['淘宝', 'taobao'],
  ['天猫', 'taobao'],
  ['taobao', 'taobao'],
  ['京东', 'jd'],
  ['jd', 'jd'],
  ['拼多多', 'pdd'],
  ['pdd', 'pdd'],
])

/** The platform an operator named after 恢复同步: 'all' for none, undefined for a word that is no platform. */
export function parseResumeTarget(args: string): Platform | 'all' | undefined {
  const word = args.trim().toLowerCase()
  return word === '' || word === '全部' ? 'all' : PLATFORM_WORDS.get(word)
}

export function resumeSyncText(outcome: ResumeSyncOutcome): string {
  if (outcome.kind === 'none-stopped') {
    return outcome.platform ? `${PLATFORM_NAMES[outcome.platform]}的订单同步没有停止，不需要恢复。` : '没有停止的订单同步，不需要恢复。'
  }
  return `已恢复订单同步：${outcome.platforms.map((p) => PLATFORM_NAMES[p]).join('、')}。下一次定时同步从停止处接着拉取订单。`
}
