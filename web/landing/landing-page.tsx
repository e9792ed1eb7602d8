import { PLATFORM_NAMES } from '../../src/conversions/promotion.text.js'
import type { LandingPage } from '../../src/landing/landing-page.service.js'
import { yuan } from '../../src/money/fen.js'
import { PageShell } from '../views/page-shell.js'

export const LANDING_SCRIPT_PATH = '/assets/landing.js'

/**
 * A landing page, mobile first: the item, what it costs with the coupon, the
 * visitor's own rebate (reply links), then how to buy — a copy button for the
 * 淘口令 (in WeChat with a word on how to go on: WeChat will not open
 * Taobao), an open button for JD and Pinduoduo. Preact escapes every value.
 */
export function LandingPageView(props: { readonly page: LandingPage; readonly inWeChat: boolean }) {
  const { page, inWeChat } = props
  const name = PLATFORM_NAMES[page.platform]
  const couponShown = page.quoted && page.couponFen > 0 && !page.couponExpired
  return (
    <PageShell title={page.title} scripts={[LANDING_SCRIPT_PATH]}>
      <div class="card" data-code={page.code}>
        {page.imageUrl && <img src={page.imageUrl} alt="" width={480} height={480} />}
        <h1>{page.title}</h1>
        <p class="muted">{name}</p>
        {!page.quoted && <p>价格和优惠券以商品页为准。</p>}
        {page.quoted && (couponShown ? <CouponPrice page={page} /> : <p class="price">{yuan(page.priceFen)}</p>)}
        {page.rebateFen !== undefined && page.rebateFen > 0 && (
          <p>
            你的预计返利：<strong>{page.couponExpired ? '以实际订单为准' : yuan(page.rebateFen)}</strong>（确认收货后到账）
          </p>
        )}
      </div>
      {page.couponExpired && (
        <p class="notice" id="expired">
          这张优惠券已过期，商品仍可通过下面的链接购买，价格以商品页为准。
        </p>
      )}
      {page.platform === 'taobao' ? <TaobaoActions page={page} inWeChat={inWeChat} /> : <OpenAction page={page} name={name} />}
    </PageShell>
  )
}

function CouponPrice(props: { readonly page: LandingPage }) {
  const { page } = props
  return (
    <>
      <p>
        原价 {yuan(page.priceFen)} · 优惠券省 {yuan(page.couponFen)}
      </p>
      <p>
        券后价 <span class="price">{yuan(page.priceAfterCouponFen)}</span>
      </p>
    </>
  )
}

function TaobaoActions(props: { readonly page: LandingPage; readonly inWeChat: boolean }) {
  const { page, inWeChat } = props
  return (
    <div class="card">
      {inWeChat && (
        <p class="notice" id="wechat-hint">
          微信里打不开淘宝：点下面的按钮复制淘口令，再打开手机淘宝App即可{page.couponExpired ? '购买' : '领券购买'}；也可以点右上角「···」选择「在浏览器打开」。
        </p>
      )}
      {page.tpwd && (
        <>
          <label for="tpwd" class="muted">
            淘口令
          </label>
          <input id="tpwd" class="code" type="text" readonly value={page.tpwd} />
          <button id="copy" class="btn" type="button">
            复制淘口令
          </button>
          <p id="copy-status" class="muted" aria-live="polite"></p>
        </>
      )}
      {page.promoUrl && (
        <a class={page.tpwd ? 'muted' : 'btn'} href={page.promoUrl} rel="noopener noreferrer" data-press="open" id="open">
          {page.tpwd ? '或直接打开淘宝链接' : '打开淘宝购买'}
        </a>
      )}
    </div>
  )
}

function OpenAction(props: { readonly page: LandingPage; readonly name: string }) {
  const { page, name } = props
  if (!page.promoUrl) return <p class="muted">链接暂时打不开，请回到聊天里重新发一次商品链接。</p>
  return (
    <a class="btn" href={page.promoUrl} rel="noopener noreferrer" data-press="open" id="open">
      {page.couponFen > 0 && !page.couponExpired ? `去${name}领券购买` : `去${name}购买`}
    </a>
  )
}
