import type { TerminalSimulator } from '../../bots/terminal-chat.js'
import { landingPage, type LandingPageDeps } from '../../src/landing/landing-page.service.js'
import { formatYuan } from '../../src/money/fen.js'
import type { OrderQueues } from '../../src/queue/order-queues.js'
import type { RunningSimulator } from '../../src/simulator/simulator-server.js'
import { SHORT_HOSTS } from '../../src/simulator/sim-state.js'
import { PLATFORMS, type Platform } from '../../src/links/parsed-link.js'

/**
 * The terminal's shopping commands against the in-process simulator. After
 * each change the platform's order sync runs at once (instead of waiting for
 * the next tick), so a scripted session sees the bot's notice right away.
 */
export function terminalSimulator(sim: RunningSimulator, queues: OrderQueues | undefined, landing?: LandingPageDeps): TerminalSimulator {
  const syncNow = async (platform: Platform): Promise<void> => {
    // Order APIs take whole-second windows: a change made within this second is only
    // inside a window that ends after it, so wait for the next second to begin.
    await new Promise((done) => setTimeout(done, 1000 - (Date.now() % 1000) + 5))
    await queues?.enqueueSync(platform, `now-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`)
  }
  return {
    buy: async (givenUrl, quantity) => {
      // A landing page (LANDING_PAGES=on) is bought through the promo link it offers, as its button would.
      const landingCode = /^\/s\/([0-9A-Za-z]+)$/.exec(new URL(givenUrl).pathname)?.[1]
      const promoUrl = landingCode && landing ? ((await landingPage(landing, landingCode, new Date()))?.promoUrl ?? givenUrl) : givenUrl
      const url = new URL(promoUrl)
      // JD's promotion.common.get (ordinary accounts) gives only the long union-click link, its code in `e`.
      const clickCode = url.hostname === 'union-click.jd.com' ? url.searchParams.get('e') : null
      const platform = clickCode ? 'jd' : PLATFORMS.find((p) => SHORT_HOSTS[p] === url.hostname)
      const promo = platform ? sim.state.promoByCode(clickCode ?? url.pathname.slice(1)) : undefined
      if (!platform || !promo) return { line: '（模拟器：这个推广链接不是模拟器发的）' }
      // Order times are whole seconds (JD's orderTime): a purchase in the very second the link was
      // given would read as paid before it, and the by-item attribution rung could not see the link.
      await new Promise((done) => setTimeout(done, 1000 - (Date.now() % 1000) + 5))
      const order = sim.state.orders.buy({
        platform,
        itemKey: promo.itemKey,
        quantity,
        attributionId: promo.attributionId,
        relationId: promo.relationId,
      })
      await syncNow(platform)
      return {
        line: `（模拟器：已下单「${order.item.title}」×${quantity}，实付¥${formatYuan(order.paidFen)}，订单号 ${order.orderId}）`,
        orderId: order.orderId,
      }
    },
    receive: async (orderId) => {
      const order = sim.state.orders.receive(orderId)
      await syncNow(order.platform)
      return `（模拟器：订单 ${orderId} 已确认收货）`
    },
    settle: async () => {
      const settled = sim.state.orders.settleAll()
      for (const platform of new Set(settled.map((o) => o.platform))) await syncNow(platform)
      return `（模拟器：平台结算了 ${settled.length} 笔已收货订单）`
    },
    authorize: async (given) => {
      // Our page in front of the simulator's link (LANDING_PAGES=on): follow its button, as the shopper would.
      const link = (await authorizationButtonTarget(given)) ?? given
      // Only the simulator's own pages are opened: a terminal command never fetches the internet.
      if (!link.startsWith(`${sim.url}/`)) return '（模拟器：这不是模拟器发的授权链接）'
      const response = await fetch(link)
      return response.ok ? '（模拟器：已打开授权链接，拼多多授权完成）' : `（模拟器：授权链接打不开：HTTP ${response.status}）`
    },
    refund: async (orderId) => {
      const order = sim.state.orders.refund(orderId)
      await syncNow(order.platform)
      return `（模拟器：订单 ${orderId} 已退款${order.refundedAfterSettlement ? '（结算后维权）' : ''}）`
    },
  }
}

/** Where the button of one of our authorization pages (…/a/CODE on this machine) leads; undefined for any other URL. */
async function authorizationButtonTarget(url: string): Promise<string | undefined> {
  if (!/^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/a\/[0-9A-Za-z]{10,32}$/.test(url)) return undefined
  const page = await fetch(url).then((response) => (response.ok ? response.text() : ''), () => '')
  const href = /<a class="btn" href="([^"]+)"/.exec(page)?.[1]
  return href?.replaceAll('&amp;', '&')
}
