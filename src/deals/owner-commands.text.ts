import { renderFailure } from '../conversions/promotion.text.js'
import type { HandPickedPushOutcome } from './owner-commands.service.js'

/**
 * 推送 from someone the bot knows as owner of none of its groups — a group
 * member, a stranger, or an owner whose group the bot has not recorded yet
 * (a group is recorded when its owner first sends a group command there).
 * Only a group's owner pushes, to the groups they own; WeChat's group admins
 * (管理员) cannot, so the line names the owner alone.
 */
export const PUSH_NOT_OWNER_TEXT =
  '「推送」只有群主能用，我这里还没有你当群主的群。如果你是群主：把我拉进群，在群里发一次「发单设置」，再私聊我「推送 商品链接」。'

/** 发单报表 from someone who owns none of the groups the bot knows. */
export const REPORT_NOT_OWNER_TEXT = '「发单报表」是给群主看的，我这里还没有你当群主的群。如果你是群主：在群里发一次「发单设置」，之后就能查看报表。'

/** The reply to 推送. */
export function handPickedPushText(outcome: HandPickedPushOutcome): string {
  switch (outcome.kind) {
    case 'not-owner':
      return PUSH_NOT_OWNER_TEXT
    case 'no-links':
      return '推送后面请跟商品链接或淘口令，例如「推送 https://item.jd.com/100038004359.html」。'
    case 'queued': {
      const several = outcome.items.length > 1
      const lines = outcome.items.map((item, i) => {
        const which = several ? `第${i + 1}个链接：` : ''
        return item.ok ? `${which}「${item.title}」` : `${which}没有推送：${renderFailure(item.platform, item.failure, item.authorizationUrl)}`
      })
      const pushed = outcome.items.filter((item) => item.ok).length
      const names = outcome.groupNames.map((name) => name || '未命名群').join('、')
      const head =
        pushed > 0 ? `已安排推送 ${pushed} 个商品到 ${outcome.groupNames.length} 个群：${names}（按发送节奏陆续发出）。` : '这次没有可推送的商品。'
      return [head, ...lines, ...(outcome.more ? [`一次最多推送${outcome.limit}个链接，后面的请分开再发。`] : [])].join('\n')
    }
  }
}
