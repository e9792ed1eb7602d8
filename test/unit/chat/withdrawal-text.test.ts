import { describe, expect, it } from 'vitest'
import { pendingText } from '../../../src/chat/withdrawal-text.js'

describe(pendingText.name, () => {
  const row = { id: '42', amount_fen: '1050', display_name: '小李', contact_id: 'wxid_abc123', requested_at: new Date('2026-12-01T18:34:00Z') }

  it.each([
    ['Asia/Shanghai', '2026-12-02 02:34'],
    ['UTC', '2026-12-01 18:34'],
    ['America/New_York', '2026-12-01 13:34'],
  ])('shows the request time in %s, naming the zone, and who it is for by name and contact id', (zone, local) => {
    expect(pendingText([row], zone).split('\n')).toEqual([
      `待审核的提现（时间为 ${zone}）：`,
      `42. ¥10.50 小李（wxid_abc123） ${local}`,
      '回复「通过 申请号」或「拒绝 申请号 原因」。',
    ])
  })

  it('says so when nothing waits', () => {
    expect(pendingText([], 'Asia/Shanghai')).toBe('没有待审核的提现。')
  })
})
