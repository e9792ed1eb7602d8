import { PLATFORM_NAMES } from '../conversions/promotion.text.js'
import { PUSH_NOT_OWNER_TEXT } from '../deals/owner-commands.text.js'
import { MAX_OUTBOX_TEXT } from '../queue/payloads.js'
import type { CopyPushOutcome } from './copy-push.service.js'
import { COPY_NO_LINKS_TEXT, copyRewriteText, problemLine } from './copy-rewrite.text.js'

/** The reply to 推送 <copy text>. */
export function copyPushText(outcome: CopyPushOutcome): string {
  switch (outcome.kind) {
    case 'not-owner':
      return PUSH_NOT_OWNER_TEXT
    case 'empty':
    case 'too-long':
      return copyRewriteText(outcome)
    case 'no-links':
      return COPY_NO_LINKS_TEXT
    case 'too-long-to-push':
      return `这段文案换成你的链接后超过${MAX_OUTBOX_TEXT}字，一条消息发不下，这次没有推送。请删短一些或分成几段再发。`
    case 'refused': {
      const lines = ['这段文案没有推送（一个群都没有发）：里面有不能换成你的链接的部分，发出去会让买家走别人的链接。']
      if (outcome.problems.length > 0) lines.push(`以下${outcome.problems.length}处无法转换：`, ...outcome.problems.map(problemLine))
      if (outcome.notConverted > 0) lines.push(`一次最多推送${outcome.maxLinks}个链接，这段文案多了${outcome.notConverted}个，请分成几段再发。`)
      lines.push('请删掉这些链接或换成别的商品，再发「推送 文案」。')
      return lines.join('\n')
    }
    case 'queued': {
      const names = outcome.groupNames.map((name) => name || '未命名群').join('、')
      return [
        `已安排推送这段文案到 ${outcome.groupNames.length} 个群：${names}（按发送节奏陆续发出）。`,
        `文案里的${outcome.items.length}个商品：`,
        ...outcome.items.map((item, i) => `${i + 1}. ${PLATFORM_NAMES[item.platform]}「${item.title}」`),
      ].join('\n')
    }
  }
}
