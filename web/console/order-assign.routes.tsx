import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { assignmentView, assignOrder } from '../../src/orders/assign-order.service.js'
import type { ClaimDeps } from '../../src/orders/claim-order.service.js'
import { formatYuan } from '../../src/money/fen.js'
import { sendPage } from '../render-page.js'
import { firstProblem, formBody, RequiredReason, RowId } from './action-form.js'
import { ActionResultPage, sendRefusal } from './action-pages.js'
import { operatorOf, type ConsoleOperator } from './console-operator.js'
import { OrderAssignPage, ownerLine } from './order-assign-page.js'

export interface ConsoleAssignDeps extends ClaimDeps {
  readonly timeZone: string
}

const SECTION = '/console/orders'
const ORDERS_BACK = { href: SECTION, label: '返回订单列表' }

const UserField = z
  .string({ error: '请填写用户（用户编号、微信联系人 ID 或邀请码）' })
  .trim()
  .min(1, '请填写用户（用户编号、微信联系人 ID 或邀请码）')
  .max(128, '用户一栏太长了')

/**
 * GET  /console/orders/:id/assign   the order, who had its item's link, the form
 * POST /console/orders/:id/assign   user + reason → assigned through the claim's
 *   attribution and crediting path (`assignOrder`), audited in its transaction.
 * Refused without change: malformed input (400), unknown order or user (404),
 * an order already someone's or another promoter's (409).
 */
export function consoleOrderAssignRoutes(deps: ConsoleAssignDeps): FastifyPluginAsync {
  const refuse = (reply: FastifyReply, operator: ConsoleOperator, title: string, text: string, status: 400 | 404 | 409, back = ORDERS_BACK): FastifyReply =>
    sendRefusal(reply, { operator, section: SECTION, title, text, back }, status)

  return async (app) => {
    app.get<{ Params: { id: string } }>('/console/orders/:id/assign', async (request, reply) => {
      const operator = operatorOf(request)
      const id = RowId.safeParse(request.params.id)
      if (!id.success) return refuse(reply, operator, '输入有误', `订单编号：${firstProblem(id.error)}`, 400)
      const view = await assignmentView(deps, id.data)
      if (!view) return refuse(reply, operator, '找不到订单', `没有编号为 ${id.data} 的订单`, 404)
      return sendPage(reply, <OrderAssignPage operator={operator} view={view} timeZone={deps.timeZone} />)
    })

    app.post<{ Params: { id: string } }>('/console/orders/:id/assign', async (request, reply) => {
      const operator = operatorOf(request)
      const id = RowId.safeParse(request.params.id)
      if (!id.success) return refuse(reply, operator, '输入有误', `订单编号：${firstProblem(id.error)}`, 400)
      const body = formBody(request.body)
      const typed = { user: typeof body.user === 'string' ? body.user : '', reason: typeof body.reason === 'string' ? body.reason : '' }
      // The form again, with what was typed and what is wrong: nothing changed.
      const formAgain = async (error: string, status: 400 | 404) => {
        const view = await assignmentView(deps, id.data)
        if (!view) return refuse(reply, operator, '找不到订单', `没有编号为 ${id.data} 的订单`, 404)
        const page = <OrderAssignPage operator={operator} view={view} timeZone={deps.timeZone} error={`${error}（没有做任何改动）`} values={typed} />
        return sendPage(reply, page, status)
      }
      const user = UserField.safeParse(body.user)
      if (!user.success) return formAgain(firstProblem(user.error), 400)
      const reason = RequiredReason.safeParse(body.reason)
      if (!reason.success) return formAgain(firstProblem(reason.error), 400)
      const outcome = await assignOrder(deps, { userId: operator.userId, contactId: operator.contactId }, id.data, user.data, reason.data)
      switch (outcome.kind) {
        case 'order-not-found':
          return refuse(reply, operator, '找不到订单', `没有编号为 ${id.data} 的订单`, 404)
        case 'user-not-found':
          return formAgain(`找不到用户：没有用户的编号、微信联系人 ID 或邀请码是「${user.data}」`, 404)
        case 'user-ambiguous':
          return formAgain(`「${user.data}」对应多个用户（编号 ${outcome.users.map((u) => u.id).join('、')}），请填用户编号`, 400)
        case 'attributed':
          return refuse(reply, operator, '订单不能指派', `订单 ${outcome.order.order_id} ${ownerLine(outcome.order)}`, 409, {
            href: `/console/orders/${id.data}`,
            label: '返回订单详情',
          })
        case 'assigned':
          return sendPage(
            reply,
            <ActionResultPage
              operator={operator}
              section={SECTION}
              title="订单已指派"
              flash={{
                ok: true,
                text: `订单 ${outcome.order.order_id}（${outcome.order.item_title}）已指派给 ${outcome.user.display_name || '（无昵称）'}（用户 ${outcome.user.id}），入账返利 ¥${formatYuan(outcome.rebateFen)}。`,
              }}
              back={{ href: `/console/orders/${outcome.order.id}`, label: '查看订单详情' }}
            />,
          )
      }
    })
  }
}
