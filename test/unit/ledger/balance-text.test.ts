import { describe, expect, it } from 'vitest'
import { balanceText } from '../../../src/ledger/balance.text.js'

describe(balanceText.name, () => {
  it('a positive balance', () => {
    expect(balanceText({ availableFen: 1056, pendingFen: 200, heldFen: 0, withdrawnFen: 0 }).split('\n')).toEqual([
      '你的返利账户：',
      '可提现：¥10.56',
      '待结算：¥2.00',
      '已提现：¥0.00',
    ])
  })

  it('a negative balance reads as what is owed, never as a negative amount', () => {
    const text = balanceText({ availableFen: -9740, pendingFen: 0, heldFen: 0, withdrawnFen: 9740 })
    expect(text).toContain('可提现：¥0.00')
    expect(text).toContain('待抵扣：¥97.40')
    expect(text).not.toContain('-')
  })
})
