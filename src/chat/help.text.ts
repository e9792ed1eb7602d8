import type { UnreadableCard } from '../links/mini-program-card.js'

/** What `帮助` answers: only commands that work today. */
export function helpText(): string {
  return [
    '我是返利助手，帮你找隐藏优惠券、算返利：',
    '· 直接发淘宝/天猫、京东、拼多多的商品链接、分享文字或淘口令，我回你券后价、预计返利和专属领券链接（一次最多5个）',
    '· 转链 + 整段文案：文案原样发回，里面的链接和淘口令全部换成你的专属链接（一次最多20个）',
    '· 在群里发商品链接，我同样会回复，返利记在发链接的人名下',
    '· 余额：可提现、待结算、已提现金额',
    '· 订单：最近的订单和返利',
    '· 绑定订单 订单号：认领没自动出现的订单',
    '· 绑定淘宝：用淘宝账号授权一次，以后淘宝订单自动记到你名下',
    '· 提现 金额：申请提现（只发「提现」= 全部可提现余额）；提现记录：查看进度',
    '· 邀请：你的邀请码和邀请收入；绑定 邀请码：绑定邀请人',
    '· 群主私聊：推送 商品链接（发成商品卡片）或 推送 + 整段文案（换成你的链接后原样发到你的所有群）',
    '· 群主在自己的群里：转发来源 群名或联系人、开启转发、转发过滤、转发报表（把线报换成你的链接转发到你的群）',
    '· 帮助 / 菜单：查看本说明',
  ].join('\n')
}

export const CHATTER_HINT = '发淘宝/京东/拼多多的商品链接或淘口令给我，我帮你找隐藏优惠券、算返利。发送「帮助」查看全部命令。'

const PLATFORM_NAMES = { jd: '京东', pdd: '拼多多' } as const

/**
 * The answer to a mini-program card with no product in it: a JD/Pinduoduo
 * shop or activity page, or another app's card. Says how to send a product
 * the bot can read.
 */
export function miniProgramCardHint(card: UnreadableCard): string {
  const how = '请在App的商品页点「分享」→「复制链接」，把链接发给我。'
  if (card.kind === 'unknown-app') return `这个小程序卡片我认不出商品，${how}`
  return `这张${PLATFORM_NAMES[card.platform]}小程序卡片里没有商品（可能是店铺或活动页），${how}`
}

/** The reply when handling a message failed inside: nothing about what went wrong reaches the chat. */
export const SORRY_TEXT = '出了点小问题，请稍后再试。'
