import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { approveWithdrawals, withdrawalQueue, type BulkResult } from '../../src/console/withdrawal-queue.service.js'
import { formatYuan } from '../../src/money/fen.js'
import { decideWithdrawal, type DecisionOutcome, type PayoutDeps } from '../../src/withdrawals/withdrawal.service.js'
import type { WithdrawalStatus } from '../../src/withdrawals/withdrawal.table.js'
import { sendPage } from '../render-page.js'
import { firstProblem, formBody, RequiredReason, RowId, RowIds } from './action-form.js'
import { ActionResultPage, sendRefusal } from './action-pages.js'
import { operatorOf, type ConsoleOperator } from './console-operator.js'
import { WITHDRAWAL_STATUS, WithdrawalQueuePage } from './withdrawal-queue-page.js'

export interface ConsoleWithdrawalDeps extends PayoutDeps {
  readonly timeZone: string
}

const QUEUE_PATH = '/console/withdrawals'
const BACK = { href: QUEUE_PATH, label: '返回提现审核' }

/** The outcomes a decision's redirect may name (an unknown id gets its own 404 page instead). */
const FLASH_KINDS = ['paid', 'paying', 'rejected', 'failed', 'cannot-reject', 'already-decided'] as const

const QueueQuery = z.object({ done: z.enum(FLASH_KINDS).optional(), id: RowId.optional() })

/** What a line about a decision says: the outcome's kind and id, and the details when they are known. */
interface DecisionFacts {
  readonly kind: DecisionOutcome['kind'] | 'error'
  readonly id: string
  readonly amountFen?: number
  readonly reason?: string | null
  readonly status?: WithdrawalStatus
}

/**
 * One line per outcome: each line of a bulk result, and the flash after a
 * single decision — rebuilt there from the redirect's kind and id alone, so
 * a crafted link cannot make the page say anything else.
 */
function decisionLine(facts: DecisionFacts): { ok: boolean; text: string } {
  // 「申请 12 已通过」, or with the amount 「申请 12（¥3.00）已通过」.
  const which = facts.amountFen === undefined ? `申请 ${facts.id} ` : `申请 ${facts.id}（¥${formatYuan(facts.amountFen)}）`
  switch (facts.kind) {
    case 'paid':
      return { ok: true, text: `${which}已通过并打款。` }
    case 'paying':
      return { ok: true, text: `${which}已通过，打款结果还未确认；稍后再点「查询打款结果」。` }
    case 'rejected':
      return { ok: true, text: `${which}已拒绝，金额已退回用户的可提现余额。` }
    case 'failed':
      return { ok: false, text: `${which}打款失败${facts.reason ? `（${facts.reason}）` : ''}，金额已退回用户的可提现余额。` }
    case 'cannot-reject':
      return { ok: false, text: `${which}正在打款，不能再拒绝。` }
    case 'already-decided':
      return { ok: false, text: `${which}已经处理过${facts.status ? `（${WITHDRAWAL_STATUS[facts.status]}）` : ''}，这次没有改动。` }
    case 'not-found':
      return { ok: false, text: `没有申请号为 ${facts.id} 的提现申请。` }
    case 'error':
      return { ok: false, text: `${which}处理出错，请稍后刷新页面查看它的状态。` }
  }
}

/**
 * The withdrawal queue and its decisions, all through `decideWithdrawal`
 * (the chat's 通过/拒绝 path: the row lock decides a double submission once):
 *   GET  /console/withdrawals                 the queue (flash from ?done=&id=)
 *   POST /console/withdrawals/:id/approve     303 back with the outcome
 *   POST /console/withdrawals/:id/reject      reason required; 303 back
 *   POST /console/withdrawals/approve         ids[] ticked: a page listing each outcome
 * Every decision writes its audit row in its own transaction (the service's).
 */
export function consoleWithdrawalRoutes(deps: ConsoleWithdrawalDeps): FastifyPluginAsync {
  const refuse = (reply: FastifyReply, operator: ConsoleOperator, text: string, status: 400 | 404) =>
    sendRefusal(reply, { operator, section: QUEUE_PATH, title: status === 404 ? '找不到提现申请' : '输入有误', text, back: BACK }, status)

  const decided = (reply: FastifyReply, operator: ConsoleOperator, outcome: DecisionOutcome): FastifyReply => {
    if (outcome.kind === 'not-found') return refuse(reply, operator, decisionLine(outcome).text, 404)
    return reply.redirect(`${QUEUE_PATH}?done=${outcome.kind}&id=${outcome.id}#w-${outcome.id}`, 303)
  }

  return async (app) => {
    app.get(QUEUE_PATH, async (request, reply) => {
      const operator = operatorOf(request)
      const query = QueueQuery.safeParse(request.query ?? {})
      if (!query.success) return refuse(reply, operator, '地址里的参数不对，请从提现审核页进入。', 400)
      const { done, id } = query.data
      const queue = await withdrawalQueue(deps.db, { limit: 100, historyPerUser: 5 })
      const flash = done && id ? decisionLine({ kind: done, id }) : undefined
      return sendPage(reply.header('cache-control', 'no-store'), <WithdrawalQueuePage operator={operator} queue={queue} timeZone={deps.timeZone} flash={flash} />)
    })

    app.post<{ Params: { id: string } }>(`${QUEUE_PATH}/:id/approve`, async (request, reply) => {
      const operator = operatorOf(request)
      const id = RowId.safeParse(request.params.id)
      if (!id.success) return refuse(reply, operator, `申请号：${firstProblem(id.error)}`, 400)
      const actor = { userId: operator.userId, contactId: operator.contactId }
      return decided(reply, operator, await decideWithdrawal(deps, operator.contactId, id.data, { approve: true }, actor))
    })

    app.post<{ Params: { id: string } }>(`${QUEUE_PATH}/:id/reject`, async (request, reply) => {
      const operator = operatorOf(request)
      const id = RowId.safeParse(request.params.id)
      if (!id.success) return refuse(reply, operator, `申请号：${firstProblem(id.error)}`, 400)
      const reason = RequiredReason.safeParse(formBody(request.body).reason)
      if (!reason.success) return refuse(reply, operator, `拒绝申请 ${id.data}：${firstProblem(reason.error)}`, 400)
      const actor = { userId: operator.userId, contactId: operator.contactId }
      return decided(reply, operator, await decideWithdrawal(deps, operator.contactId, id.data, { approve: false, reason: reason.data }, actor))
    })

    app.post(`${QUEUE_PATH}/approve`, async (request, reply) => {
      const operator = operatorOf(request)
      const ids = RowIds.safeParse(formBody(request.body).ids)
      if (!ids.success) return refuse(reply, operator, firstProblem(ids.error), 400)
      const results = await approveWithdrawals(deps, { userId: operator.userId, contactId: operator.contactId }, ids.data)
      return sendPage(reply, <BulkResultPage operator={operator} results={results} />)
    })
  }
}

function BulkResultPage(props: { readonly operator: ConsoleOperator; readonly results: readonly BulkResult[] }) {
  const lines = props.results.map((r) => ({ id: r.id, ...decisionLine(r.outcome) }))
  const done = lines.filter((l) => l.ok).length
  return (
    <ActionResultPage
      operator={props.operator}
      section={QUEUE_PATH}
      title="批量通过结果"
      flash={{ ok: done === lines.length, text: `共 ${lines.length} 笔：${done} 笔已通过，${lines.length - done} 笔未改动或失败（见下表）。` }}
      back={BACK}
    >
      <table class="data">
        <thead>
          <tr>
            <th>申请号</th>
            <th>结果</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr>
              <td>{line.id}</td>
              <td>
                <span class={line.ok ? 'badge ok' : 'badge bad'}>{line.ok ? '成功' : '未成功'}</span> {line.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ActionResultPage>
  )
}
