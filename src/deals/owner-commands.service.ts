import { convertLinks } from '../conversions/conversion.service.js'
import { renderFailure } from '../conversions/promotion-reply.js'
import { atLocalTime, localTime } from '../groups/local-time.js'
import { groupsOwnedBy, ownerPeriod, type PeriodFigures } from '../groups/owner-report.repository.js'
import { parseLinksCapped } from '../links/parse-links.js'
import { recordPush } from '../groups/push-history.repository.js'
import type { ChatDeps } from '../chat/chat-deps.js'
import type { ChatInput } from '../chat/chat-input.js'
import { PUSH_NOT_OWNER_TEXT } from '../chat/owner-push.text.js'
import { renderDealCard } from './deal-card.js'

/**
 * 推送 <links>: the owner's hand-picked deals (every link of the message, up
 * to the per-message limit), each converted once with their attribution,
 * recorded in each group's push history (the report counts them, and the
 * scheduler will not push the same item there again within the dedupe
 * window) and queued as a push to every group they own (the outbox paces it).
 */
export async function pushHandPicked(deps: ChatDeps, input: ChatInput, text: string): Promise<string> {
  const groups = await groupsOwnedBy(deps.db, input.contactId)
  if (groups.length === 0) return PUSH_NOT_OWNER_TEXT
  const { links, more } = parseLinksCapped(text)
  if (links.length === 0) return '推送后面请跟商品链接或淘口令，例如「推送 https://item.jd.com/100038004359.html」。'
  const outcomes = await convertLinks(deps, { ...input, text, links, purpose: 'push' })
  const minute = Math.floor(Date.now() / 60_000)
  const lines: string[] = []
  let pushed = 0
  for (const [i, outcome] of outcomes.entries()) {
    const which = links.length > 1 ? `第${i + 1}个链接：` : ''
    if (!outcome.ok) {
      lines.push(`${which}没有推送：${renderFailure(outcome.link.platform, outcome.failure, outcome.authorizationUrl)}`)
      continue
    }
    const { promotion } = outcome
    const card = renderDealCard(promotion)
    const key = `${promotion.platform}-${promotion.itemId}-${minute}`
    for (const group of groups) {
      // The same item pushed again within the minute (a resent message) is one push.
      const slot = `hand:${key}`
      if (!(await recordPush(deps.db, { roomId: group.room_id, slot, platform: promotion.platform, itemId: promotion.itemId, title: promotion.title }))) continue
      await deps.push(group.room_id, card, `hand-push_${group.room_id}_${key}`, promotion.imageUrl, slot)
    }
    pushed++
    lines.push(`${which}「${promotion.title}」`)
  }
  const names = groups.map((g) => g.topic || '未命名群').join('、')
  const head = pushed > 0 ? `已安排推送 ${pushed} 个商品到 ${groups.length} 个群：${names}（按发送节奏陆续发出）。` : '这次没有可推送的商品。'
  return [head, ...lines, ...(more ? [`一次最多推送${links.length}个链接，后面的请分开再发。`] : [])].join('\n')
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
