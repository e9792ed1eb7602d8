import type { AccountStatusView, PlatformSyncView } from '../../src/console/platform-status.service.js'
import type { ConsoleOperator } from './console-operator.js'
import { ACCOUNT_STATE_NAMES, PLATFORM_NAMES } from './console-labels.js'
import { duration, when } from './console-parts.js'
import { CsrfField } from './console-shell.js'

/** The longest reason the action handlers take (characters). */
const REASON_MAX = 100

/** A sync further behind than this is worth a look; further than LAG_BAD, trouble. */
const LAG_WARN_MS = 30 * 60_000
const LAG_BAD_MS = 3 * 3_600_000

function SyncBadge(props: { readonly sync: PlatformSyncView }) {
  const { sync } = props
  if (sync.stoppedReason !== null) return <span class="badge bad">已停止</span>
  if (sync.lagMs === undefined) return <span class="badge warn">未同步过</span>
  if (sync.lagMs >= LAG_BAD_MS) return <span class="badge bad">严重落后</span>
  if (sync.lagMs >= LAG_WARN_MS) return <span class="badge warn">落后</span>
  return <span class="badge ok">正常</span>
}

/**
 * Each platform's order sync: cursor, lag, state and the stop's reason. With
 * an operator, a stopped platform gets its resume form (handled elsewhere).
 */
export function SyncTable(props: { readonly sync: readonly PlatformSyncView[]; readonly timeZone: string; readonly operator?: ConsoleOperator }) {
  return (
    <table class="data">
      <thead>
        <tr>
          <th>平台</th>
          <th>状态</th>
          <th>已同步到</th>
          <th>落后</th>
          <th>最近错误</th>
          <th class="num">被拒行数</th>
          {props.operator ? <th></th> : null}
        </tr>
      </thead>
      <tbody>
        {props.sync.map((s) => (
          <tr>
            <td>{PLATFORM_NAMES[s.platform]}</td>
            <td>
              <SyncBadge sync={s} />
            </td>
            <td>{when(s.syncedUntil, props.timeZone)}</td>
            <td>{s.lagMs === undefined ? '—' : duration(s.lagMs)}</td>
            <td class="wrap">{s.stoppedReason ?? '—'}</td>
            <td class="num">{s.rejectedRows}</td>
            {props.operator ? (
              <td>
                {s.stoppedReason !== null ? (
                  <form method="post" action={`/console/platforms/${s.platform}/resume`} class="inline">
                    <CsrfField operator={props.operator} />
                    <input type="text" name="reason" maxLength={REASON_MAX} placeholder="原因（可不填）" />
                    <button type="submit">恢复同步</button>
                  </form>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AccountBadge(props: { readonly account: AccountStatusView }) {
  const { account } = props
  const tone = account.state === 'logged-in' ? 'ok' : account.state === 'limited' ? 'warn' : 'bad'
  return (
    <>
      <span class={`badge ${tone}`}>{ACCOUNT_STATE_NAMES[account.state]}</span>
      {account.paused ? <span class="badge warn">推送已暂停</span> : null}
    </>
  )
}

/**
 * The WeChat accounts: state, last seen, backlog, today's sends against the
 * push cap, pause. With an operator, each row gets a pause or resume form
 * with a reason (handled elsewhere).
 */
export function AccountsTable(props: { readonly accounts: readonly AccountStatusView[]; readonly timeZone: string; readonly now: Date; readonly operator?: ConsoleOperator }) {
  if (props.accounts.length === 0) return <p class="muted">还没有账号记录：机器人登录后会出现在这里。</p>
  return (
    <table class="data">
      <thead>
        <tr>
          <th>账号</th>
          <th>状态</th>
          <th>最后活动</th>
          <th class="num">待发</th>
          <th class="num">今日推送/上限</th>
          <th class="num">今日回复</th>
          <th class="num">今日通知</th>
          <th>说明</th>
          {props.operator ? <th></th> : null}
        </tr>
      </thead>
      <tbody>
        {props.accounts.map((a) => {
          const path = `/console/accounts/${encodeURIComponent(a.name)}`
          // A limited account's pushes wait for an operator as a paused one's do: both are resumed.
          const resume = a.paused || a.state === 'limited'
          return (
            <tr>
              <td>{a.name}</td>
              <td>
                <AccountBadge account={a} />
              </td>
              <td>
                {when(a.lastSeenAt, props.timeZone)}
                <span class="muted">（{duration(Math.max(0, props.now.getTime() - a.lastSeenAt.getTime()))}前）</span>
              </td>
              <td class="num">{a.backlog}</td>
              <td class="num">
                {a.sentToday.push ?? 0}/{a.pushCap ?? '不限'}
              </td>
              <td class="num">{a.sentToday.reply ?? 0}</td>
              <td class="num">{a.sentToday.notification ?? 0}</td>
              <td class="wrap">
                {[a.state !== 'logged-in' ? a.stateReason : null, a.paused ? `暂停原因：${a.pausedReason ?? '未填写'}` : null].filter(Boolean).join('；') || '—'}
              </td>
              {props.operator ? (
                <td>
                  <form method="post" action={`${path}/${resume ? 'resume' : 'pause'}`} class="inline">
                    <CsrfField operator={props.operator} />
                    {resume ? (
                      <input type="text" name="reason" maxLength={REASON_MAX} placeholder="原因（可不填）" />
                    ) : (
                      <input type="text" name="reason" maxLength={REASON_MAX} placeholder="暂停原因" required />
                    )}
                    <button type="submit">{resume ? '恢复推送' : '暂停推送'}</button>
                  </form>
                </td>
              ) : null}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
