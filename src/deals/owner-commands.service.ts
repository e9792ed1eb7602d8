import { convertLinks } from '../conversions/conversion.service.js'
import { renderFailure } from '../conversions/promotion-reply.js'
import { atLocalTime, localTime } from '../groups/local-time.js'
import { groupsOwnedBy, ownerPeriod, type PeriodFigures } from '../groups/owner-report.repository.js'
import { parseLinks } from '../links/parse-links.js'
import type { ChatDeps } from '../chat/chat-deps.js'
import type { ChatInput } from '../chat/chat-input.js'
import { renderDealCard } from './deal-card.js'

/**
 * 推送 <link>: the owner's hand-picked deal, converted with their
 * attribution, queued as a push to every group they own (the outbox paces it).
 */
export async function pushHandPicked(deps: ChatDeps, input: ChatInput, text: string): Promise<string> {
  const groups = await groupsOwnedBy(deps.db, input.contactId)
  if (groups.length === 0) return '你还没有我所在的群：把我拉进你的群（你是群主），再用「推送 商品链接」群发。'
  const [link] = parseLinks(text)
  if (!link) return '推送后面请跟商品链接或淘口令，例如「推送 https://item.jd.com/100038004359.html」。'
  const [outcome] = await convertLinks(deps, { ...input, text, links: [link], purpose: 'push' })
  if (!outcome) return '出了点小问题，请稍后再试。'
  if (!outcome.ok) return `没有推送：${renderFailure(link.platform, outcome.failure, outcome.authorizationUrl)}`
  const card = renderDealCard(outcome.promotion)
  const key = `${outcome.promotion.platform}-${outcome.promotion.itemId}-${Math.floor(Date.now() / 60_000)}`
  for (const group of groups) await deps.push(group.room_id, card, `hand-push_${group.room_id}_${key}`, outcome.promotion.imageUrl)
  return `已安排推送到 ${groups.length} 个群：${groups.map((g) => g.topic || '未命名群').join('、')}（按发送节奏陆续发出）。`
}

export interface OwnerReport {
  readonly groups: number
  readonly yesterday: PeriodFigures
  readonly month: PeriodFigures
}

/** 发单报表: yesterday's and this month's pushes, orders and commission from the owner's groups. */
export async function ownerReport(deps: ChatDeps, contactId: string, now: Date): Promise<OwnerReport | undefined> {
  const groups = await groupsOwnedBy(deps.db, contactId)
  if (groups.length === 0) return undefined
  const { todayStart, monthStart } = periodStarts(now, deps.timeZone)
  return {
    groups: groups.length,
    yesterday: await ownerPeriod(deps.db, contactId, new Date(todayStart.getTime() - 86_400_000), todayStart),
    month: await ownerPeriod(deps.db, contactId, monthStart, new Date(now.getTime() + 1)),
  }
}

/** Midnight today and on the 1st of this month in the time zone, as instants. */
function periodStarts(now: Date, timeZone: string): { todayStart: Date; monthStart: Date } {
  const todayStart = atLocalTime(now, 0, 0, timeZone)
  const monthStart = new Date(todayStart.getTime() - (localTime(now, timeZone).day - 1) * 86_400_000)
  return { todayStart, monthStart }
}
