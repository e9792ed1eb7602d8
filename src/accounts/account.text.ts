import { localTime } from '../groups/local-time.js'
import type { AccountState, SentToday, TroubleCause } from './account-health.js'

/** One account as the 账号 command lists it. */
export interface AccountView {
  readonly name: string
  readonly state: AccountState
  readonly stateReason: string | null
  readonly paused: boolean
  readonly pausedReason: string | null
  readonly lastSeenAt: Date
  /** Counts of the current day only (older days read as none). */
  readonly sentToday: SentToday
  readonly backlog: number
  /** When the account first reported (its warm-up counts from here). */
  readonly firstSeenAt: Date
}

const STATE_TEXT: Record<AccountState, string> = { 'logged-in': '在线', 'logged-out': '已掉线', limited: '受限（推送已暂停）' }

const pad = (n: number): string => String(n).padStart(2, '0')

function when(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone)
  return `${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`
}

export function accountsText(accounts: readonly AccountView[], timeZone: string): string {
  if (accounts.length === 0) return '还没有账号记录：机器人登录后会出现在这里。'
  const lines = accounts.map((a) => {
    const state = STATE_TEXT[a.state] + (a.stateReason && a.state !== 'logged-in' ? `：${a.stateReason}` : '')
    const paused = a.paused ? `；推送已被暂停${a.pausedReason ? `（${a.pausedReason}）` : ''}` : ''
    const sent = `今日 回复${a.sentToday.reply ?? 0} 通知${a.sentToday.notification ?? 0} 推送${a.sentToday.push ?? 0}`
    return `${a.name}：${state}${paused}\n  最后活动 ${when(a.lastSeenAt, timeZone)}，${sent}，待发 ${a.backlog}`
  })
  return `账号（${accounts.length}）：\n${lines.join('\n')}`
}

export const ACCOUNT_COMMAND_USAGE = { pause: '用法：暂停账号 账号名 [原因]', resume: '用法：恢复账号 账号名' } as const

export function unknownAccountText(name: string): string {
  return `没有名为「${name}」的账号，什么都没有改。发送「账号」查看全部账号。`
}

export function pausedText(name: string): string {
  return `已暂停账号 ${name} 的推送（回复和通知照常）。发送「恢复账号 ${name}」恢复。`
}

export function resumedText(name: string): string {
  return `已恢复账号 ${name} 的推送。若它仍掉线，重新登录后才会发送。`
}

/** The operator's notice when an account's pushes pause by themselves. */
export function troubleNoticeText(account: string, cause: TroubleCause, detail: string): string {
  const resume = `处理后发送「恢复账号 ${account}」恢复推送。`
  switch (cause) {
    case 'logged-out':
      return `账号 ${account} 已掉线，推送已暂停；重新登录后自动恢复。`
    case 'rate-limited':
      return `账号 ${account} 被微信提示发送过于频繁（${detail}），推送已暂停，回复照常。${resume}`
    case 'account-risk':
      return `账号 ${account} 收到微信账号异常提示（${detail}），推送已暂停，回复照常。${resume}`
    case 'failures':
      return `账号 ${account} 连续发送失败（${detail}），推送已暂停。${resume}`
  }
}
