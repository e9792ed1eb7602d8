import { describe, expect, it } from 'vitest'
import { routeText } from '../../../src/chat/route-text.js'
import { normalizeChatText } from '../../../src/chat/normalize-text.js'

describe('routeText: 转链', () => {
  it.each([
    ['转链 https://item.jd.com/100038004359.html 好价', 'https://item.jd.com/100038004359.html 好价'],
    ['转链：【京东】面膜\nhttps://u.jd.com/AbC1234', '【京东】面膜\nhttps://u.jd.com/AbC1234'],
    ['转链:🔥好价', '🔥好价'],
    ['转链\n【京东】面膜\n\nhttps://u.jd.com/AbC1234', '【京东】面膜\n\nhttps://u.jd.com/AbC1234'],
    ['转链【京东】面膜 https://u.jd.com/AbC1234', '【京东】面膜 https://u.jd.com/AbC1234'],
    ['/转链 ￥Smh4X47XhR9￥', '￥Smh4X47XhR9￥'],
    ['转链', ''],
    ['  转链  ', ''],
  ])('%j', (text, args) => {
    expect(routeText(text)).toEqual({ kind: 'command', name: 'copy-rewrite', args })
  })

  it('takes the full-width colon as typed and after normalisation', () => {
    expect(routeText(normalizeChatText('转链：https://u.jd.com/AbC1234'))).toEqual({ kind: 'command', name: 'copy-rewrite', args: 'https://u.jd.com/AbC1234' })
  })

  it.each(['转链接怎么用', '怎么转链', '帮我转链接'])('%j is not the command', (text) => {
    expect(routeText(text)).not.toMatchObject({ name: 'copy-rewrite' })
  })

  it('a link without the command word is still answered link by link', () => {
    expect(routeText('https://u.jd.com/AbC1234')).toMatchObject({ kind: 'links' })
  })
})
