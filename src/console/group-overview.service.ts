import { nextDue } from '../groups/push-schedule.js'
import type { FunnelFigures } from '../reports/funnel.js'
import { funnelByPush } from '../reports/funnel.service.js'
import { lastDays } from '../reports/periods.js'
import type { ConsoleReadDeps } from './console-read-deps.js'
import { findGroupRow, listGroupRows, pushesSince, type GroupListRow, type PushRow } from './group-overview.repository.js'

const GROUP_LIMIT = 500
/** The group page's push history covers this many local days. */
export const PUSH_HISTORY_DAYS = 30
const PUSH_LIMIT = 500

export interface GroupView extends GroupListRow {
  /** The next scheduled push (within a year); undefined when paused or without a schedule. */
  readonly nextPushAt: Date | undefined
}

function withNextPush(group: GroupListRow, now: Date, timeZone: string): GroupView {
  return { ...group, nextPushAt: group.pushPaused ? undefined : nextDue(group.pushSchedules, now, timeZone) }
}

/** Every group the bot knows, with its next push (schedules read in the configured time zone, as the scheduler does). */
export async function groupsOverview(deps: ConsoleReadDeps, now: Date): Promise<GroupView[]> {
  return (await listGroupRows(deps.db, GROUP_LIMIT)).map((g) => withNextPush(g, now, deps.timeZone))
}

export interface PushView extends PushRow {
  /** The push's funnel (clicks, orders, commission); undefined for a push the outbox dropped. */
  readonly figures: FunnelFigures | undefined
}

export interface GroupDetail {
  readonly group: GroupView
  /** Newest first, the last PUSH_HISTORY_DAYS days. */
  readonly pushes: readonly PushView[]
}

/** A group with its push history and each push's clicks, orders and commission; undefined for an unknown group. */
export async function groupDetail(deps: ConsoleReadDeps, roomId: string, now: Date): Promise<GroupDetail | undefined> {
  const group = await findGroupRow(deps.db, roomId)
  if (!group) return undefined
  const period = lastDays(now, PUSH_HISTORY_DAYS, deps.timeZone)
  const pushes = await pushesSince(deps.db, group.roomId, period.from, PUSH_LIMIT)
  const figures = new Map((await funnelByPush(deps, period, [group.roomId])).map((b) => [b.push.id, b.figures]))
  return {
    group: withNextPush(group, now, deps.timeZone),
    pushes: pushes.map((p) => ({ ...p, figures: p.droppedAt ? undefined : figures.get(p.id) })),
  }
}
