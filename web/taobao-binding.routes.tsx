import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { StateRefusal } from '../src/security/signed-state.service.js'
import {
  bindPage,
  completeBinding,
  TAOBAO_BIND_PATH,
  TAOBAO_CALLBACK_PATH,
  type CompleteBindingOutcome,
  type TaobaoBindingDeps,
} from '../src/users/taobao-binding.service.js'
import { sendPage } from './render-page.js'
import { MessagePage, PageShell } from './views/page-shell.js'

const AGAIN = '请回到微信，给我发「绑定淘宝」获取新的授权链接。'

/** Titles and lines of the pages that say no: nothing was changed by any of them. */
const REFUSED: Readonly<Record<StateRefusal, { readonly title: string; readonly line: string }>> = {
  forged: { title: '链接无效', line: `这个授权链接不完整或不是我们发出的。${AGAIN}` },
  unknown: { title: '链接无效', line: `这个授权链接不完整或不是我们发出的。${AGAIN}` },
  expired: { title: '链接已过期', line: `授权链接只在发出后一小段时间内有效。${AGAIN}` },
  used: { title: '链接已用过', line: `这个授权链接已经用过了，每个链接只能用一次。如果还没收到绑定成功的消息，${AGAIN}` },
}

const OUTCOME_PAGES: Readonly<Record<Exclude<CompleteBindingOutcome['kind'], 'state-refused'>, { title: string; line: string; status: number }>> = {
  bound: { title: '授权成功，可以回到微信了', line: '以后你的淘宝订单会自动记到你名下，我也会在微信里告诉你。', status: 200 },
  'already-bound': { title: '已经绑定过了', line: '你的淘宝已经绑定，淘宝订单会自动记到你名下，可以回到微信了。', status: 200 },
  denied: { title: '你取消了授权', line: '没有绑定任何东西。想绑定时，回到上一页再点一次「去淘宝授权」。', status: 200 },
  'missing-code': { title: '授权没有完成', line: `淘宝没有返回授权结果，没有绑定任何东西。${AGAIN}`, status: 400 },
  taken: { title: '这个淘宝账号已绑定别人', line: '这个淘宝账号已经绑定了另一个微信用户，没有改动任何绑定。请换一个淘宝账号，或联系管理员。', status: 409 },
  'code-rejected': { title: '授权已失效', line: `淘宝的授权结果已失效或已用过，没有绑定任何东西。${AGAIN}`, status: 400 },
  'refused-by-taobao': { title: '淘宝没有通过这次绑定', line: '淘宝拒绝了这次绑定，没有改动任何东西。请稍后再试，或联系管理员。', status: 400 },
  unavailable: { title: '暂时无法绑定', line: '淘宝绑定暂时不可用，没有改动任何东西。请过一会儿再试。', status: 503 },
}

/** One query value as text; a repeated or missing parameter counts as missing. */
function queryText(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

function noStore(reply: FastifyReply): FastifyReply {
  // States and codes sit in these URLs: no cache may keep the pages.
  return reply.header('cache-control', 'no-store')
}

function message(reply: FastifyReply, title: string, line: string, status: number): FastifyReply {
  return sendPage(
    noStore(reply),
    <MessagePage title={title}>
      <p>{line}</p>
    </MessagePage>,
    status,
  )
}

/**
 * 绑定淘宝 pages: `GET /taobao/bind?state=` explains and links to Taobao's
 * authorize page (the state passed through, checked but not used up);
 * `GET /taobao/callback?code=&state=` is where Taobao sends the shopper back
 * and the binding happens. A forged, expired or replayed state, a missing
 * code or a refusal gets a page that says so; nothing changes.
 */
export function taobaoBindingRoutes(deps: TaobaoBindingDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(TAOBAO_BIND_PATH, async (request, reply) => {
      const outcome = await bindPage(deps, queryText(request.query, 'state'))
      switch (outcome.kind) {
        case 'state-refused':
          return message(reply, REFUSED[outcome.reason].title, REFUSED[outcome.reason].line, 400)
        case 'already-bound':
          return message(reply, OUTCOME_PAGES['already-bound'].title, OUTCOME_PAGES['already-bound'].line, 200)
        case 'unavailable':
          return message(reply, OUTCOME_PAGES.unavailable.title, OUTCOME_PAGES.unavailable.line, 503)
        case 'ready':
          return sendPage(
            noStore(reply),
            <PageShell title="绑定淘宝">
              <div class="card">
                <h1>绑定淘宝账号</h1>
                <p>用淘宝账号授权一次，以后你在淘宝下的订单会自动记到你的返利账户，不用再发订单号认领。</p>
                <p>授权只用来在淘宝联盟登记你是我们的推广渠道（渠道备案），不会用它下单或改动你的淘宝账号。</p>
                <a class="btn" href={outcome.authorizeUrl} rel="noreferrer">
                  去淘宝授权
                </a>
                <p class="muted">点按钮后会打开淘宝的授权页，同意后自动回到这里。链接只能用一次，请不要转发给别人。</p>
              </div>
            </PageShell>,
          )
      }
    })

    app.get(TAOBAO_CALLBACK_PATH, async (request, reply) => {
      const outcome = await completeBinding(deps, {
        state: queryText(request.query, 'state'),
        code: queryText(request.query, 'code'),
        error: queryText(request.query, 'error'),
      })
      if (outcome.kind === 'state-refused') return message(reply, REFUSED[outcome.reason].title, REFUSED[outcome.reason].line, 400)
      const page = OUTCOME_PAGES[outcome.kind]
      return message(reply, page.title, page.line, page.status)
    })
  }
}
