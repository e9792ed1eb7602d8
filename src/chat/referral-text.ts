import { yuan } from '../money/fen.js'
import type { BindOutcome, InviteInfo } from '../referrals/referral.service.js'

const percent = (bp: number): string => `${bp / 100}%`

export function inviteText(info: InviteInfo, rates: { referralL1Bp: number; referralL2Bp: number }): string {
  return [
    `你的邀请码：${info.code}`,
    `好友加我后发送「绑定 ${info.code}」即可成为你的好友。好友每笔订单结算后，你得佣金的${percent(rates.referralL1Bp)}，好友再邀请的人下单，你得${percent(rates.referralL2Bp)}（不影响好友自己的返利）。`,
    `已邀请：${info.level1}人（二级${info.level2}人），邀请收入：${yuan(info.level1EarnedFen)}（二级${yuan(info.level2EarnedFen)}）`,
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
