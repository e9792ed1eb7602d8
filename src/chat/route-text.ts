import type { ParsedLink } from '../links/parsed-link.js'
import { parseLinksCapped } from '../links/parse-links.js'
import { inviteCodeIn } from '../referrals/referral-rules.js'
import { normalizeOrderNumber } from '../orders/order-number.js'

export type CommandName =
  | 'help'
  | 'balance'
  | 'orders'
  | 'claim'
  | 'invite'
  | 'bind'
  | 'taobao-bind'
  | 'withdraw'
  | 'withdrawals'
  | 'pending-withdrawals'
  | 'approve'
  | 'reject'
  | 'push'
  | 'push-report'
  | 'funnel'
  | 'resume-sync'
  | 'accounts'
  | 'pause-account'
  | 'resume-account'
  | 'console-login'
  | 'copy-rewrite'

export type Intent =
  /** `more`: the message named more links than are converted at once. */
  | { readonly kind: 'links'; readonly links: readonly ParsedLink[]; readonly more: boolean }
  | { readonly kind: 'command'; readonly name: CommandName; readonly args: string }
  | { readonly kind: 'chatter' }
  | { readonly kind: 'empty' }

const COMMANDS: ReadonlyMap<string, CommandName> = new Map([
  ['帮助', 'help'],
  ['菜单', 'help'],
  ['命令', 'help'],
  ['help', 'help'],
  ['?', 'help'],
  ['？', 'help'],
  ['余额', 'balance'],
  ['余额查询', 'balance'],
  ['查询余额', 'balance'],
  ['我的余额', 'balance'],
  ['订单', 'orders'],
  ['我的订单', 'orders'],
  ['订单查询', 'orders'],
  ['查询订单', 'orders'],
  ['绑定订单', 'claim'],
  ['认领订单', 'claim'],
  ['邀请', 'invite'],
  ['邀请码', 'invite'],
  ['推广', 'invite'],
  ['绑定', 'bind'],
  ['绑定邀请码', 'bind'],
  ['绑定淘宝', 'taobao-bind'],
  ['淘宝绑定', 'taobao-bind'],
  ['授权淘宝', 'taobao-bind'],
  ['淘宝授权', 'taobao-bind'],
  ['提现', 'withdraw'],
  ['提现记录', 'withdrawals'],
  ['提现状态', 'withdrawals'],
  ['待审核', 'pending-withdrawals'],
  ['通过', 'approve'],
  ['拒绝', 'reject'],
  ['推送', 'push'],
  ['发单报表', 'push-report'],
  ['数据', 'funnel'],
  ['恢复同步', 'resume-sync'],
  ['账号', 'accounts'],
  ['暂停账号', 'pause-account'],
  ['恢复账号', 'resume-account'],
  ['后台', 'console-login'],
  ['管理后台', 'console-login'],
])

/**
 * `转链 文案`, `转链：文案`, `转链` + newline + 文案, or glued to a copy that
 * does not start with a Han character (`转链【京东】…`, `转链https://…`), so
 * that 「转链接怎么用」 stays chatter.
 */
const COPY_REWRITE = /^[/／]?转链(?:\s*[:：]|\s|$|(?=[^\p{Script=Han}]))([\s\S]*)$/u

/** Commands are short; anything longer is chatter or a pasted link. */
const MAX_COMMAND_CHARS = 64

/** What a chat message asks for. Links win over commands: a pasted share text may contain any word. */
export function routeText(text: string): Intent {
  const trimmed = text.trim()
  if (trimmed === '') return { kind: 'empty' }
  // 推送 carries a link of its own: the owner wants it pushed, not converted for themselves.
  const push = pushArgs(trimmed)
  if (push !== undefined) return { kind: 'command', name: 'push', args: push }
  // 转链 carries a whole copy text: it comes back rewritten, not answered link by link.
  const copy = copyRewriteArgs(trimmed)
  if (copy !== undefined) return { kind: 'command', name: 'copy-rewrite', args: copy }
  const { links, more } = parseLinksCapped(trimmed)
  if (links.length > 0) return { kind: 'links', links, more }
  if (trimmed.length <= MAX_COMMAND_CHARS) {
    // 「绑定：K7M2QX」「提现,10」: a colon, comma or equals sign after the command word reads as a space.
    const spaced = trimmed.replace(/^[/／]/, '').replace(/^([^\s:：,，=]+)\s*[:：,，=]\s*/, '$1 ')
    const [head = '', ...rest] = spaced.split(/\s+/)
    const name = COMMANDS.get(head.toLowerCase())
    // 「邀请码 K7M2QX」 gives a code: it binds, rather than showing one's own.
    if (name === 'invite' && rest.length > 0 && inviteCodeIn(rest.join(' '))) return { kind: 'command', name: 'bind', args: rest.join(' ') }
    // 「绑定 淘宝」: Taobao, not an invite code.
    if (name === 'bind' && /^淘宝(?:账号|帐号)?$/.test(rest.join(''))) return { kind: 'command', name: 'taobao-bind', args: '' }
    if (name) return { kind: 'command', name, args: rest.join(' ') }
    const glued = /^(绑定订单|认领订单|绑定|提现)(.+)$/.exec(trimmed)
    if (glued) {
      const name = glued[1] === '绑定' ? 'bind' : glued[1] === '提现' ? 'withdraw' : 'claim'
      return { kind: 'command', name, args: (glued[2] ?? '').trim() }
    }
    // A bare order number is a claim: the most common way users send one.
    if (normalizeOrderNumber(trimmed)) return { kind: 'command', name: 'claim', args: trimmed }
  }
  return { kind: 'chatter' }
}

/** What follows 推送 (links or a copy), or undefined when the message is not one. */
export function pushArgs(text: string): string | undefined {
  const match = /^[/／]?推送\s*([\s\S]*)$/.exec(text.trim())
  return match ? (match[1] ?? '').trim() : undefined
}

/** The copy text of a 转链 message, or undefined when the message is not one. */
export function copyRewriteArgs(text: string): string | undefined {
  const match = COPY_REWRITE.exec(text.trim())
  return match ? (match[1] ?? '').trim() : undefined
}
