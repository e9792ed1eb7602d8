import { PLATFORM_NAMES, renderFailure } from '../conversions/promotion.text.js'
import type { CopyProblem, CopyRewriteOutcome } from './copy-rewrite-outcome.js'

/** Put where a link or 口令 could not be made the sender's own. */
export const UNCONVERTIBLE_MARK = '[此链接无法转换]'
/** Put where a link past the per-copy limit was. */
export const TOO_MANY_MARK = '[链接太多未转换]'

export const COPY_USAGE_TEXT = [
  '用法：转链 + 整段文案（空格或换行后粘贴），例如：',
  '转链',
  '🔥好价 https://item.jd.com/100038004359.html',
  '我把文案里的链接和淘口令都换成你的专属链接，文字和排版保持不变。',
].join('\n')

export const COPY_NO_LINKS_TEXT = '这段文案里没有找到链接或淘口令。请把带链接或淘口令的整段文案发在「转链」后面。'

const FOREIGN_REASON = '不是淘宝/京东/拼多多的商品链接，无法换成你的链接。'

/** One part that could not be converted, named by its place in the copy (never by its URL) and why. */
export function problemLine(problem: CopyProblem): string {
  if (problem.kind === 'foreign') return `第${problem.position}处（其他网址）：${FOREIGN_REASON}`
  const what = problem.form === 'code' ? '淘口令' : `${PLATFORM_NAMES[problem.platform]}链接`
  return `第${problem.position}处（${what}）：${renderFailure(problem.platform, problem.failure, problem.authorizationUrl)}`
}

/**
 * The answer to 转链: the rewritten copy first, ready to forward as it is;
 * below a separator, which parts could not be converted and why (naming
 * each by its place in the copy, not by its URL, so a forwarded reply never
 * carries the other promoter's link).
 */
export function copyRewriteText(outcome: CopyRewriteOutcome): string {
  switch (outcome.kind) {
    case 'empty':
      return COPY_USAGE_TEXT
    case 'too-long':
      return `文案太长了（超过${outcome.maxChars}字），这次没有转换。请分成几段，每段不超过${outcome.maxChars}字再发。`
    case 'no-links':
      return COPY_NO_LINKS_TEXT
    case 'rewritten': {
      const notes: string[] = []
      if (outcome.problems.length > 0) {
        notes.push(`以下${outcome.problems.length}处无法转换，已换成${UNCONVERTIBLE_MARK}，转发前请删掉或换成别的商品：`)
        notes.push(...outcome.problems.map(problemLine))
      }
      if (outcome.notConverted > 0) {
        notes.push(`一次最多转换${outcome.maxLinks}个链接，另外${outcome.notConverted}个已标为${TOO_MANY_MARK}，请把后面的部分分开再发。`)
      }
      if (notes.length === 0) return outcome.text
      return [outcome.text, '', '————————', ...notes].join('\n')
    }
  }
}
