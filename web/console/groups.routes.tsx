import type { FastifyPluginAsync } from 'fastify'
import type { ConsoleReadDeps } from '../../src/console/console-read-deps.js'
import { groupDetail, groupsOverview, PUSH_HISTORY_DAYS, type GroupView } from '../../src/console/group-overview.service.js'
import { percentText } from '../../src/reports/funnel.text.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { PLATFORM_NAMES } from './console-labels.js'
import { money, sendBadRequest, sendNotFound, when } from './console-parts.js'
import { ConsoleShell } from './console-shell.js'

export interface GroupRoutesDeps extends ConsoleReadDeps {
  readonly now?: () => Date
}

/** Room ids as WeChat puppets make them ("12345@chatroom", "@@abc…", uuids): letters, digits and @._:- only. */
const ROOM_ID = /^[A-Za-z0-9@._:-]{1,128}$/

const groupPath = (roomId: string): string => `/console/groups/${encodeURIComponent(roomId)}`

function Owner(props: { readonly group: GroupView }) {
  const g = props.group
  if (g.ownerUserId) return <a href={`/console/users/${g.ownerUserId}`}>{g.ownerName || g.ownerContactId}</a>
  return <>{g.ownerContactId ?? '—'}</>
}

function Schedule(props: { readonly group: GroupView; readonly timeZone: string }) {
  const g = props.group
  if (g.pushSchedules.length === 0) return <span class="muted">未设置</span>
  return (
    <>
      <code>{g.pushSchedules.join('；')}</code>
      {g.pushPaused ? <span class="badge warn">已暂停</span> : null}
    </>
  )
}

function GroupsTable(props: { readonly groups: readonly GroupView[]; readonly timeZone: string }) {
  const tz = props.timeZone
  return (
    <table class="data">
      <thead>
        <tr>
          <th>群</th>
          <th>群主</th>
          <th class="num">人数</th>
          <th>返利</th>
          <th>定时发单</th>
          <th>下次推送</th>
          <th>上次推送</th>
        </tr>
      </thead>
      <tbody>
        {props.groups.map((g) => (
          <tr>
            <td>
              <a href={groupPath(g.roomId)}>{g.topic || g.roomId}</a>
            </td>
            <td>
              <Owner group={g} />
            </td>
            <td class="num">{g.memberCount ?? '—'}</td>
            <td>{g.rebateEnabled ? <span class="badge ok">开启</span> : <span class="badge warn">关闭</span>}</td>
            <td>
              <Schedule group={g} timeZone={tz} />
            </td>
            <td>{when(g.nextPushAt, tz)}</td>
            <td>{when(g.lastPushedAt, tz)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** GET /console/groups — every group with owner, settings, schedule and next push; GET /console/groups/:id — its pushes and what each brought. */
export function consoleGroupRoutes(deps: GroupRoutesDeps): FastifyPluginAsync {
  const now = deps.now ?? (() => new Date())
  return async (app) => {
    app.get('/console/groups', async (request, reply) => {
      const groups = await groupsOverview(deps, now())
      return sendPage(
        reply,
        <ConsoleShell title="群" operator={operatorOf(request)} section="/console/groups">
          {groups.length === 0 ? <p class="muted">机器人还没有记录任何群：群主在群里发群命令后会出现在这里。</p> : <GroupsTable groups={groups} timeZone={deps.timeZone} />}
        </ConsoleShell>,
      )
    })
    app.get<{ Params: { id: string } }>('/console/groups/:id', async (request, reply) => {
      if (!ROOM_ID.test(request.params.id)) return sendBadRequest(reply, request, '/console/groups', '群编号格式不对。')
      const detail = await groupDetail(deps, request.params.id, now())
      if (!detail) return sendNotFound(reply, request, '/console/groups', '没有这个群的记录。')
      const { group, pushes } = detail
      const tz = deps.timeZone
      return sendPage(
        reply,
        <ConsoleShell title={`群：${group.topic || group.roomId}`} operator={operatorOf(request)} section="/console/groups">
          <section class="card">
            <dl>
              <dt>群编号</dt>
              <dd>
                <code>{group.roomId}</code>
              </dd>
              <dt>群主</dt>
              <dd>
                <Owner group={group} />
              </dd>
              <dt>人数</dt>
              <dd>{group.memberCount === null ? '未知' : `${group.memberCount}（${when(group.memberCountAt, tz)} 统计）`}</dd>
              <dt>群内返利</dt>
              <dd>{group.rebateEnabled ? '开启' : '关闭'}</dd>
              <dt>定时发单</dt>
              <dd>
                <Schedule group={group} timeZone={tz} />
              </dd>
              <dt>发单类目</dt>
              <dd>{group.pushCategories.length === 0 ? '全部' : group.pushCategories.join('、')}</dd>
              <dt>下次推送</dt>
              <dd>{when(group.nextPushAt, tz)}</dd>
            </dl>
          </section>
          <section class="card">
            <h2>近{PUSH_HISTORY_DAYS}天推送</h2>
            {pushes.length === 0 ? (
              <p class="muted">近{PUSH_HISTORY_DAYS}天没有推送。</p>
            ) : (
              <table class="data">
                <thead>
                  <tr>
                    <th>时间</th>
                    <th>平台</th>
                    <th>商品</th>
                    <th class="num">浏览</th>
                    <th class="num">访客</th>
                    <th class="num">点击率</th>
                    <th class="num">订单</th>
                    <th class="num">佣金</th>
                  </tr>
                </thead>
                <tbody>
                  {pushes.map((p) => (
                    <tr>
                      <td>{when(p.pushedAt, tz)}</td>
                      <td>{PLATFORM_NAMES[p.platform]}</td>
                      <td class="wrap">
                        {p.title}
                        {p.droppedAt ? <span class="badge warn">未发出：{p.dropReason ?? '已丢弃'}</span> : null}
                      </td>
                      <td class="num">{p.figures?.views ?? '—'}</td>
                      <td class="num">{p.figures?.visitors ?? '—'}</td>
                      <td class="num">{p.figures ? percentText(p.figures.ctrBp) : '—'}</td>
                      <td class="num">{p.figures?.orders ?? '—'}</td>
                      <td class="num">{p.figures ? money(p.figures.commissionFen) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </ConsoleShell>,
      )
    })
  }
}
