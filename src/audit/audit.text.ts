import { localTime } from '../groups/local-time.js'

/** Operator actions in Chinese; an action not listed here is shown as recorded. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  login: '登录后台',
  logout: '退出后台',
  'approve-withdrawal': '通过提现',
  'reject-withdrawal': '拒绝提现',
  'assign-order': '指派订单',
  'pause-account': '暂停账号',
  'resume-account': '恢复账号',
  'resume-sync': '恢复同步',
}

const TARGET_LABELS: Readonly<Record<string, string>> = {
  'console-session': '后台会话',
  withdrawal: '提现',
  order: '订单',
  account: '账号',
  platform: '平台',
  user: '用户',
}

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action
}

export function auditTargetLabel(kind: string, id: string): string {
  return `${TARGET_LABELS[kind] ?? kind} ${id}`
}

/** An instant as wall-clock time in the configured zone: `2026-12-06 18:05:09`. */
export function auditTime(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return '—'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * What an action changed, one line per field: `status: pending → paid`
 * (objects are compared field by field; fields that did not change are
 * left out), or the whole recorded value when it is not an object.
 */
export function auditChangeLines(before: unknown, after: unknown): string[] {
  if (before === null && after === null) return []
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const from = before ?? {}
    const to = after ?? {}
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])]
    return keys.flatMap((key) => {
      const a = valueText(from[key])
      const b = valueText(to[key])
      if (a === b) return []
      return [before === null ? `${key}: ${b}` : `${key}: ${a} → ${b}`]
    })
  }
  return [`${valueText(before)} → ${valueText(after)}`]
}
