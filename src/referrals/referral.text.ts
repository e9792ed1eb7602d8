import { yuan } from '../money/fen.js'
import type { BindOutcome, InviteInfo } from './referral.service.js'

const percent = (bp: number): string => `${bp / 100}%`

export interface InviteTerms {
  readonly referralL1Bp: number
  readonly referralL2Bp: number
  /** REFERRAL_BIND_BEFORE_FIRST_ORDER: a code binds only before the friend's first order. */
  readonly referrals?: { readonly onlyBeforeFirstOrder: boolean } | undefined
}

/**
 * 邀请: the user's code, how a friend binds it, what the inviter earns at
 * both levels (shares of the order's commission, from config; a level whose
 * share is 0 is not mentioned) and what invites have brought so far.
 */
export function inviteText(info: InviteInfo, terms: InviteTerms): string {
  const beforeFirstOrder = terms.referrals?.onlyBeforeFirstOrder === false ? '' : '；要在朋友第一笔订单之前绑定'
  const rewards = [
    ...(terms.referralL1Bp > 0 ? [`朋友每下一单，你另得这单佣金的${percent(terms.referralL1Bp)}`] : []),
    ...(terms.referralL2Bp > 0 ? [`朋友再邀请的人下单，你得${percent(terms.referralL2Bp)}`] : []),
  ]
  return [
    `你的邀请码：${info.code}`,
    `朋友加我为好友后，发送「绑定 ${info.code}」就算你邀请的（加好友时在验证消息里写上邀请码也行${beforeFirstOrder}）。`,
    rewards.length > 0 ? `${rewards.join('；')}。订单结算后到账，不影响朋友自己的返利。` : '邀请朋友目前没有奖励。',
    `已邀请${info.level1}人，他们又邀请了${info.level2}人；邀请收入${yuan(info.level1EarnedFen + info.level2EarnedFen)}（其中来自他们邀请的人${yuan(info.level2EarnedFen)}）`,
  ].join('\n')
}

export function bindText(outcome: BindOutcome): string {
  switch (outcome.kind) {
    case 'bound':
      return `绑定成功，你的邀请人是「${outcome.inviterName}」。发商品链接给我就能领券拿返利。`
    case 'invalid-code':
      return '邀请码格式不对：是6位字母或数字，例如「绑定 K7M2QX」。'
    case 'unknown-code':
      return '没有这个邀请码，请核对后再发。'
    case 'self':
      return '不能绑定自己的邀请码。'
    case 'already-bound':
      return '你已经绑定过邀请人了，邀请关系不能更改。'
    case 'cycle':
      return '不能绑定你邀请的人（或其下级）的邀请码。'
    case 'has-orders':
      return '邀请码只能在第一笔订单之前绑定。'
  }
}
