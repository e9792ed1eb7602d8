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
    // A shopping app's share text of one item is that item (a deal card), not the owner's copy.
    ['复制这段描述￥Smh4X47XhR9￥后到淘宝', false],
    ['【淘宝】https://e.tb.cn/h.TAbCdEfGhIjKlMn?tk=AbCdEfGhIjK CZ0001 「优衣库女装网眼V领」\n点击链接直接打开 或者 淘宝搜索直接打开', false],
    ['16:06 【淘宝】https://m.tb.cn/h.5zxz3j69cN5go4k?tk=XUymWKIqxIz MF6563 「优衣库女装网眼V领」\n点击链接直接打开', false],
    ['【京东】https://3.cn/35RO-7uG?jkl=@W0a0c28PhTuD@ CA1565 「小米充电宝」\n点击链接直接打开 或者复制文案打开京东', false],
    ['【京东】https://3.cn/27-459X6「小米充电宝 20000mAh」点击链接直接打开', false],
    ['【保温杯】復制这段描述￥E1UAbOaNcwP￥后咑閞👉淘♂寳♀👈「保温杯」', false],
    // The owner's own words around it, or two items, make it a copy.
    ['今晚8点开抢 【淘宝】https://m.tb.cn/h.5zxz3j69cN5go4k?tk=XUymWKIqxIz 「优衣库女装网眼V领」', true],
    ['复制这段描述￥Smh4X47XhR9￥后到淘宝 还有 https://item.jd.com/100038004359.html', true],
    ['速度冲 https://item.jd.com/100038004359.html 手慢无', true],
    ['【京东】面膜\nhttps://u.jd.com/AbC1234', true],
    ['好价 https://y-03.cn/aBc123', true],
    [`${'https://item.jd.com/100038004359.html '.repeat(200)}`, true],
  ])('%j → %s', (text, copy) => {
    expect(isCopyText(text)).toBe(copy)
  })
})
