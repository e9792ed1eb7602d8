import { describe, expect, it } from 'vitest'
import { isCopyText } from '../../../src/copy/is-copy-text.js'

describe('isCopyText: 推送 with a copy or with bare links', () => {
  it.each([
    ['https://item.jd.com/100038004359.html', false],
    ['https://item.jd.com/100038004359.html https://item.jd.com/100038004360.html', false],
    ['https://item.jd.com/100038004359.html\nhttps://u.jd.com/AbC1234', false],
    ['1. https://item.jd.com/100038004359.html，2. https://u.jd.com/AbC1234', false],
    ['￥Smh4X47XhR9￥', false],
    ['3￥Smh4X47XhR9￥/ CZ3457', false],
    ['', false],
    ['今天的好物', false],
    ['🔥好价 https://item.jd.com/100038004359.html', true],
    ['https://item.jd.com/100038004359.html 速度', true],
    ['复制这段描述￥Smh4X47XhR9￥后到淘宝', true],
    ['【京东】面膜\nhttps://u.jd.com/AbC1234', true],
    ['好价 https://y-03.cn/aBc123', true],
    [`${'https://item.jd.com/100038004359.html '.repeat(200)}`, true],
  ])('%j → %s', (text, copy) => {
    expect(isCopyText(text)).toBe(copy)
  })
})
