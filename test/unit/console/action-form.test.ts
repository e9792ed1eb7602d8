import { describe, expect, it } from 'vitest'
import { AccountName, firstProblem, OptionalReason, PlatformParam, RequiredReason, RowId, RowIds } from '../../../web/console/action-form.js'

describe('console action inputs', () => {
  it.each([
    ['1', true],
    ['123456789012345678', true],
    ['1234567890123456789', false],
    ['', false],
    ['12a', false],
    ['-1', false],
    ["1' or '1", false],
  ])('row id %j valid: %s', (text, ok) => {
    expect(RowId.safeParse(text).success).toBe(ok)
  })

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  养号  ', '养号'],
    ['很'.repeat(100), '很'.repeat(100)],
    // Counted as characters: 100 emoji are 200 UTF-16 units and still fit.
    ['😀'.repeat(100), '😀'.repeat(100)],
  ])('optional reason %j is kept as %j', (input, value) => {
    expect(OptionalReason.parse(input)).toBe(value)
  })

  it.each([
    ['很'.repeat(101), '原因最多 100 个字'],
    [['a', 'b'], '原因格式不对'],
  ])('optional reason %j is refused: %s', (input, message) => {
    const parsed = OptionalReason.safeParse(input)
    expect(parsed.success).toBe(false)
    if (!parsed.success) expect(firstProblem(parsed.error)).toBe(message)
  })

  it.each([
    [undefined, '请填写原因'],
    ['   ', '请填写原因'],
    ['很'.repeat(101), '原因最多 100 个字'],
  ])('a required reason refuses %j', (input, message) => {
    const parsed = RequiredReason.safeParse(input)
    expect(parsed.success).toBe(false)
    if (!parsed.success) expect(firstProblem(parsed.error)).toBe(message)
  })

  it('a required reason keeps the trimmed text', () => {
    expect(RequiredReason.parse(' 信息不符 ')).toBe('信息不符')
  })

  it.each([
    ['7', ['7']],
    [['7', '8'], ['7', '8']],
  ])('ticked ids %j', (input, ids) => {
    expect(RowIds.parse(input)).toEqual(ids)
  })

  it.each([[undefined], [[]], [['7', 'x']], [Array.from({ length: 101 }, (_, i) => String(i + 1))]])('ticked ids %j are refused', (input) => {
    expect(RowIds.safeParse(input).success).toBe(false)
  })

  it('platforms and account names', () => {
    expect(PlatformParam.parse('jd')).toBe('jd')
    expect(PlatformParam.safeParse('JD').success).toBe(false)
    expect(AccountName.safeParse('bot-1_a').success).toBe(true)
    expect(AccountName.safeParse('坏 名字').success).toBe(false)
    expect(AccountName.safeParse('a'.repeat(65)).success).toBe(false)
  })
})
