import { describe, expect, it } from 'vitest'
import { inviteText, type InviteTerms } from '../../../src/referrals/referral.text.js'
import type { InviteInfo } from '../../../src/referrals/referral.service.js'

const info: InviteInfo = { code: 'K7M2QX', level1: 3, level2: 1, level1EarnedFen: 120, level2EarnedFen: 35 }
const DEFAULTS: InviteTerms = { referralL1Bp: 1000, referralL2Bp: 500, referrals: { onlyBeforeFirstOrder: true } }

describe(inviteText.name, () => {
  it('with the default shares reads as four short lines', () => {
    expect(inviteText(info, DEFAULTS).split('\n')).toEqual([
      '你的邀请码：K7M2QX',
      '朋友加我为好友后，发送「绑定 K7M2QX」就算你邀请的（加好友时在验证消息里写上邀请码也行；要在朋友第一笔订单之前绑定）。',
      '朋友每下一单，你另得这单佣金的10%；朋友再邀请的人下单，你得5%。订单结算后到账，不影响朋友自己的返利。',
      '已邀请3人，他们又邀请了1人；邀请收入¥1.55（其中来自他们邀请的人¥0.35）',
    ])
  })

  it.each<[string, InviteTerms, string]>([
    ['fractional shares from config', { referralL1Bp: 1250, referralL2Bp: 250 }, '朋友每下一单，你另得这单佣金的12.5%；朋友再邀请的人下单，你得2.5%。订单结算后到账，不影响朋友自己的返利。'],
    ['no second level', { referralL1Bp: 800, referralL2Bp: 0 }, '朋友每下一单，你另得这单佣金的8%。订单结算后到账，不影响朋友自己的返利。'],
    ['second level only', { referralL1Bp: 0, referralL2Bp: 300 }, '朋友再邀请的人下单，你得3%。订单结算后到账，不影响朋友自己的返利。'],
    ['no shares at all', { referralL1Bp: 0, referralL2Bp: 0 }, '邀请朋友目前没有奖励。'],
  ])('%s', (_name, terms, rewardLine) => {
    expect(inviteText(info, terms).split('\n')[2]).toBe(rewardLine)
  })

  it('does not mention the first-order rule when binding is allowed any time', () => {
    const line = inviteText(info, { ...DEFAULTS, referrals: { onlyBeforeFirstOrder: false } }).split('\n')[1]
    expect(line).toBe('朋友加我为好友后，发送「绑定 K7M2QX」就算你邀请的（加好友时在验证消息里写上邀请码也行）。')
  })

  it('says how a friend binds with the user’s own code, never calling the friend a "好友" of the inviter', () => {
    const text = inviteText({ ...info, code: 'ZZ9AB2' }, DEFAULTS)
    expect(text).toContain('发送「绑定 ZZ9AB2」')
    expect(text).not.toContain('成为你的好友')
    expect(text).not.toContain('二级')
  })

  it('shows a new inviter zero counts and ¥0.00', () => {
    const text = inviteText({ code: 'K7M2QX', level1: 0, level2: 0, level1EarnedFen: 0, level2EarnedFen: 0 }, DEFAULTS)
    expect(text.split('\n')[3]).toBe('已邀请0人，他们又邀请了0人；邀请收入¥0.00（其中来自他们邀请的人¥0.00）')
  })
})
