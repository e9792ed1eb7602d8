import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { auditPage, type AuditDeps } from '../../src/audit/audit.service.js'
import { auditActionLabel, auditChangeLines, auditTargetLabel, auditTime } from '../../src/audit/audit.text.js'
import { sendPage } from '../render-page.js'
import { operatorOf } from './console-operator.js'
import { noStore } from './console-pages.js'
import { ConsoleShell } from './console-shell.js'

export interface ConsoleAuditDeps extends AuditDeps {
  /** Times are shown in this zone (TIME_ZONE). */
  readonly timeZone: string
  /** Rows per page; default 50. */
  readonly pageSize?: number
}

const AuditQuery = z.object({
  before: z
    .string()
    .regex(/^[1-9]\d{0,17}$/)
    .optional(),
})

/** GET /console/audit?before=ID — every recorded operator action, newest first, a page at a time. */
export function consoleAuditRoutes(deps: ConsoleAuditDeps): FastifyPluginAsync {
  const pageSize = deps.pageSize ?? 50
  return async (app) => {
    app.get('/console/audit', async (request, reply) => {
      const operator = operatorOf(request)
      const query = AuditQuery.safeParse(request.query)
      if (!query.success) {
        return sendPage(
          noStore(reply),
          <ConsoleShell title="审计日志" operator={operator} section="/console/audit">
            <p class="flash bad">页码参数不对（before 应是记录编号）。</p>
            <p>
              <a href="/console/audit">查看最新记录</a>
            </p>
          </ConsoleShell>,
          400,
        )
      }
      const page = await auditPage(deps, { limit: pageSize, beforeId: query.data.before })
      return sendPage(
        noStore(reply),
        <ConsoleShell title="审计日志" operator={operator} section="/console/audit">
          <p class="muted">{`每一次后台和管理员命令的操作都记在这里，只增不改。时间为 ${deps.timeZone}。`}</p>
          {page.rows.length === 0 ? (
            <div class="card">{query.data.before === undefined ? '还没有任何记录。' : '没有更早的记录了。'}</div>
          ) : (
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    <th class="num">编号</th>
                    <th>时间</th>
                    <th>操作人</th>
                    <th>操作</th>
                    <th>对象</th>
                    <th>变更</th>
                    <th>原因</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((row) => (
                    <tr>
                      <td class="num">{row.id}</td>
                      <td>{auditTime(row.at, deps.timeZone)}</td>
                      <td>
                        {row.actorName ?? '—'}
                        <br />
                        <span class="muted">{row.actorContactId}</span>
                      </td>
                      <td>{auditActionLabel(row.action)}</td>
                      <td>{auditTargetLabel(row.targetKind, row.targetId)}</td>
                      <td class="wrap">
                        {auditChangeLines(row.before, row.after).map((line) => (
                          <div>{line}</div>
                        ))}
                      </td>
                      <td class="wrap">{row.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav class="pager">
            {query.data.before === undefined ? null : <a href="/console/audit">最新</a>}
            {page.olderBefore === undefined ? null : <a href={`/console/audit?before=${page.olderBefore}`}>更早 →</a>}
          </nav>
        </ConsoleShell>,
      )
    })
  }
}
