import { describe, expect, it } from 'vitest'
import { routeText, type Intent } from '../../../src/chat/route-text.js'

const cases: readonly [string, Intent['kind'], string?][] = [
  ['帮助', 'command', 'help'],
  [' 菜单 ', 'command', 'help'],
  ['/帮助', 'command', 'help'],
  ['HELP', 'command', 'help'],
  ['？', 'command', 'help'],
  ['帮助我看看这个 https://item.jd.com/100038004359.html', 'links'],
  ['https://item.taobao.com/item.htm?id=678901234567', 'links'],
  ['你好，在吗', 'chatter'],
  ['帮助一下', 'chatter'],
  ['', 'empty'],
  ['   \n\t ', 'empty'],
  ["'; DROP TABLE users; --", 'chatter'],
  ['😀😀😀', 'chatter'],
  ['帮'.repeat(100), 'chatter'],
]

describe(routeText.name, () => {
  it.each(cases)('%j → %s %s', (text, kind, name) => {
    const intent = routeText(text)
    expect(intent.kind).toBe(kind)
    if (intent.kind === 'command') expect(intent.name).toBe(name)
  })

  it.each([
    [5, false],
    [6, true],
    [7, true],
  ])('%i links: the first five, and whether more were left out', (count, more) => {
    const text = Array.from({ length: count }, (_, i) => `https://item.jd.com/${100038004300 + i}.html`).join(' ')
    const intent = routeText(text)
    expect(intent.kind === 'links' && { n: intent.links.length, more: intent.more }).toEqual({ n: 5, more })
  })

  it.each([
    ['绑定:GNR7D6', 'bind', 'GNR7D6'],
    ['绑定：GNR7D6', 'bind', 'GNR7D6'],
    ['绑定 GNR7D6 谢谢', 'bind', 'GNR7D6 谢谢'],
    ['提现,10', 'withdraw', '10'],
    ['邀请码 GNR7D6', 'bind', 'GNR7D6'],
    ['邀请码', 'invite', ''],
    ['邀请码 是多少', 'invite', '是多少'],
  ])('%s → %s %s', (text, name, args) => {
    expect(routeText(text)).toEqual({ kind: 'command', name, args })
  })

  it('keeps every link of a message, in order', () => {
    const intent = routeText('a https://item.jd.com/100038004359.html b https://item.taobao.com/item.htm?id=678901234567')
    expect(intent).toEqual({
      kind: 'links',
      links: [
        { platform: 'jd', itemId: '100038004359' },
        { platform: 'taobao', itemId: '678901234567' },
      ],
      more: false,
    })
  })
})
