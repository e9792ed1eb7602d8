import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { pauseAccount, resumeAccount } from '../../src/accounts/account.service.js'
import { PLATFORM_NAMES } from '../../src/conversions/promotion.text.js'
import type { ConsoleDbDeps } from '../../src/console/console-deps.js'
import { resumeSync } from '../../src/orders/resume-sync.service.js'
import { sendPage } from '../render-page.js'
import { AccountName, firstProblem, formBody, OptionalReason, PlatformParam, RequiredReason } from './action-form.js'
import { ActionResultPage, sendRefusal } from './action-pages.js'
import { operatorOf, type ConsoleOperator } from './console-operator.js'

const SECTION = '/console/platforms'
const BACK = { href: SECTION, label: '返回平台与账号' }

/**
 * The platforms page's actions, through the services the chat's 暂停账号 /
 * 恢复账号 / 恢复同步 use, each with its audit row in the service's own
 * transaction:
 *   POST /console/platforms/:platform/resume   resume a stopped order sync
 *   POST /console/accounts/:name/pause         reason required
 *   POST /console/accounts/:name/resume        reason optional
 * Each answers with a result page (the platforms page is another file's).
 */
export function consoleAccountActionRoutes(deps: ConsoleDbDeps): FastifyPluginAsync {
  const refuse = (reply: FastifyReply, operator: ConsoleOperator, title: string, text: string, status: 400 | 404) =>
    sendRefusal(reply, { operator, section: SECTION, title, text, back: BACK }, status)
  const done = (reply: FastifyReply, operator: ConsoleOperator, title: string, flash: { ok: boolean; text: string }) =>
    sendPage(reply, <ActionResultPage operator={operator} section={SECTION} title={title} flash={flash} back={BACK} />)
  const actorOf = (operator: ConsoleOperator) => ({ userId: operator.userId, contactId: operator.contactId })

  return async (app) => {
    app.post<{ Params: { platform: string } }>('/console/platforms/:platform/resume', async (request, reply) => {
      const operator = operatorOf(request)
      const platform = PlatformParam.safeParse(request.params.platform)
      if (!platform.success) return refuse(reply, operator, '找不到平台', firstProblem(platform.error), 404)
      const reason = OptionalReason.safeParse(formBody(request.body).reason)
      if (!reason.success) return refuse(reply, operator, '输入有误', firstProblem(reason.error), 400)
      const name = PLATFORM_NAMES[platform.data]
      const outcome = await resumeSync(deps.db, operator.contactId, platform.data, { actor: actorOf(operator), reason: reason.data })
      return done(
        reply,
        operator,
        '恢复订单同步',
        outcome.kind === 'resumed'
          ? { ok: true, text: `已恢复${name}的订单同步：下一次定时同步从停止处接着拉取订单。` }
          : { ok: false, text: `${name}的订单同步没有停止，不需要恢复（没有做任何改动）。` },
      )
    })

    for (const action of ['pause', 'resume'] as const) {
      app.post<{ Params: { name: string } }>(`/console/accounts/:name/${action}`, async (request, reply) => {
        const operator = operatorOf(request)
        const title = action === 'pause' ? '暂停账号' : '恢复账号'
        const name = AccountName.safeParse(request.params.name)
        if (!name.success) return refuse(reply, operator, '输入有误', firstProblem(name.error), 400)
        const reason = (action === 'pause' ? RequiredReason : OptionalReason).safeParse(formBody(request.body).reason)
        if (!reason.success) return refuse(reply, operator, '输入有误', `${title} ${name.data}：${firstProblem(reason.error)}`, 400)
        const outcome =
          action === 'pause'
            ? await pauseAccount(deps.db, name.data, reason.data ?? null, actorOf(operator))
            : await resumeAccount(deps.db, name.data, { actor: actorOf(operator), reason: reason.data })
        if (outcome.kind === 'unknown') return refuse(reply, operator, '找不到账号', `没有名为「${name.data}」的账号`, 404)
        return done(reply, operator, title, {
          ok: true,
          text:
            action === 'pause'
              ? `已暂停账号 ${name.data} 的推送（回复和通知照常），几秒内生效。`
              : `已恢复账号 ${name.data} 的推送。若它仍掉线，重新登录后才会发送。`,
        })
      })
    }
  }
}
