import type { QueueEntry, WithdrawalQueue } from '../../src/console/withdrawal-queue.service.js'
import { formatYuan } from '../../src/money/fen.js'
import type { WithdrawalStatus } from '../../src/withdrawals/withdrawal.table.js'
import type { ConsoleOperator } from './console-operator.js'
import { ConsoleShell, CsrfField } from './console-shell.js'
import { consoleTime } from './console-time.js'

export const WITHDRAWAL_STATUS: Readonly<Record<WithdrawalStatus, string>> = {
  pending: '待审核',
  paying: '打款中',
  paid: '已打款',
  rejected: '已拒绝',
  failed: '打款失败',
}

const BADGE: Readonly<Record<WithdrawalStatus, string>> = { pending: 'badge warn', paying: 'badge warn', paid: 'badge ok', rejected: 'badge bad', failed: 'badge bad' }

/**
 * The withdrawal queue: oldest first, each request with the user's balances
 * and latest requests. Rows are approved or rejected one by one (each its own
 * small form), or approved together by ticking them (the checkboxes belong
 * to the bulk form through their `form` attribute: forms cannot nest).
 */
export function WithdrawalQueuePage(props: {
  readonly operator: ConsoleOperator
  readonly queue: WithdrawalQueue
  readonly timeZone: string
  readonly flash?: { readonly ok: boolean; readonly text: string } | undefined
}) {
  const { queue, operator } = props
  return (
    <ConsoleShell title="提现审核" operator={operator} section="/console/withdrawals">
      {props.flash && <p class={props.flash.ok ? 'flash ok' : 'flash bad'}>{props.flash.text}</p>}
      <p class="muted">
        共 {queue.total} 笔待处理{queue.total > queue.entries.length ? `，显示最早的 ${queue.entries.length} 笔` : ''}。时间为 {props.timeZone}。
        「通过」即打款（手动打款方式下请先转账再通过）；「打款中」表示已通过、打款结果未确认，再点一次只查询结果，不会重复打款。
      </p>
      {queue.entries.length === 0 ? (
        <p>没有待审核的提现。</p>
      ) : (
        <>
          <form id="bulk" method="post" action="/console/withdrawals/approve" class="inline">
            <CsrfField operator={operator} />
            <button type="submit">通过勾选的申请</button>
          </form>
          {/* On a phone each request is a card (the operator approves payouts from there): labels from data-label. */}
          <table class="data stack">
            <thead>
              <tr>
                <th>选</th>
                <th>申请号</th>
                <th>用户</th>
                <th class="num">金额（元）</th>
                <th>申请时间</th>
                <th>余额（元）</th>
                <th>最近提现</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {queue.entries.map((entry) => (
                <QueueRow entry={entry} operator={operator} timeZone={props.timeZone} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </ConsoleShell>
  )
}

function QueueRow(props: { readonly entry: QueueEntry; readonly operator: ConsoleOperator; readonly timeZone: string }) {
  const { withdrawal: w, balances, history } = props.entry
  const pending = w.status === 'pending'
  return (
    <tr id={`w-${w.id}`}>
      <td data-label="选择">{pending && <input type="checkbox" form="bulk" name="ids" value={w.id} aria-label={`选择申请 ${w.id}`} />}</td>
      <td data-label="申请号">
        {w.id} <span class={BADGE[w.status]}>{WITHDRAWAL_STATUS[w.status]}</span>
      </td>
      <td data-label="用户">
        <a href={`/console/users/${w.userId}`}>{w.displayName || '（无昵称）'}</a>
        <br />
        <span class="muted">{w.contactId}</span>
      </td>
      <td class="num" data-label="金额（元）">{formatYuan(w.amountFen)}</td>
      <td data-label="申请时间">{consoleTime(w.requestedAt, props.timeZone)}</td>
      <td data-label="余额（元）">
        可提现 {formatYuan(balances.availableFen)}
        <br />
        冻结 {formatYuan(balances.heldFen)} · 待结算 {formatYuan(balances.pendingFen)}
        <br />
        已提现 {formatYuan(balances.withdrawnFen)}
      </td>
      <td data-label="最近提现">
        {history
          .filter((h) => h.id !== w.id)
          .map((h) => (
            <div>
              {h.id} · {formatYuan(Number(h.amount_fen))} · {WITHDRAWAL_STATUS[h.status]}
              {h.reason ? `（${h.reason}）` : ''} <span class="muted">{consoleTime(h.requested_at, props.timeZone)}</span>
            </div>
          ))}
        {history.length <= 1 && <span class="muted">首次提现</span>}
      </td>
      <td data-label="操作">
        <form method="post" action={`/console/withdrawals/${w.id}/approve`} class="inline">
          <CsrfField operator={props.operator} />
          <button type="submit">{pending ? '通过' : '查询打款结果'}</button>
        </form>
        {pending && (
          <form method="post" action={`/console/withdrawals/${w.id}/reject`} class="inline">
            <CsrfField operator={props.operator} />
            <input type="text" name="reason" maxLength={100} required placeholder="拒绝原因" aria-label={`申请 ${w.id} 的拒绝原因`} />
            <button type="submit">拒绝</button>
          </form>
        )}
      </td>
    </tr>
  )
}
