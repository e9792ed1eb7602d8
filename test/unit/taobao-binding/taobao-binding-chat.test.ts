import { describe, expect, it } from 'vitest'
import { helpText } from '../../../src/chat/help.text.js'
import { routeText } from '../../../src/chat/route-text.js'
import { taobaoBindLinkText } from '../../../src/users/taobao-binding.text.js'

describe('绑定淘宝 in the chat', () => {
  it.each([
    ['绑定淘宝', 'taobao-bind'],
    ['/绑定淘宝', 'taobao-bind'],
    ['淘宝授权', 'taobao-bind'],
    ['授权淘宝', 'taobao-bind'],
    ['绑定 淘宝', 'taobao-bind'],
    ['绑定：淘宝账号', 'taobao-bind'],
    ['绑定 K7M2QX', 'bind'],
    ['绑定订单 1234567890123456789', 'claim'],
  ])('routes %s to %s', (text, name) => {
    expect(routeText(text)).toMatchObject({ kind: 'command', name })
  })

  it('is in the help text', () => {
    expect(helpText()).toContain('绑定淘宝')
  })

  it('answers with the link and what it does', () => {
    const text = taobaoBindLinkText('http://bot.test/taobao/bind?state=abc', 15)
    expect(text).toContain('http://bot.test/taobao/bind?state=abc')
    expect(text).toContain('15分钟')
    expect(text).toContain('自动记到你名下')
  })
})
