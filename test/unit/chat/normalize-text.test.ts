import { describe, expect, it } from 'vitest'
import { normalizeChatText } from '../../../src/chat/normalize-text.js'
import { parseLinks } from '../../../src/links/parse-links.js'
import { LINK_CASES } from '../../fixtures/link-cases.js'

describe(normalizeChatText.name, () => {
  it.each([
    ['full-width digits', '提现 １０', '提现 10'],
    ['full-width letters and colon', '绑定：ＧＮＲ７Ｄ６', '绑定:GNR7D6'],
    ['ideographic space', '提现\u300010', '提现 10'],
    ['NUL next to a link', 'https://item.jd.com/100038004359.html\u0000', 'https://item.jd.com/100038004359.html'],
    ['zero-width space inside a link', 'https://item.jd.com/1000380\u200B04359.html', 'https://item.jd.com/100038004359.html'],
    ['byte-order mark and word joiner', '\uFEFF余额\u2060', '余额'],
    ['bidi override', '\u202E余额', '余额'],
    ['CR LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['tab and newline kept', 'a\tb\nc', 'a\tb\nc'],
    ['C1 control', 'a\u0085b', 'ab'],
    ['Chinese punctuation kept apart from the full-width ASCII block', '【淘宝】「标题」', '【淘宝】「标题」'],
    ['empty', '', ''],
    // Found by the fuzz test (test/bot/fuzz.test.ts): a lone surrogate in a name was echoed in a group @-mention.
    ['lone high surrogate', '\uD800lone', '\uFFFDlone'],
    ['lone low surrogate at the end', 'a\uDC00', 'a\uFFFD'],
    ['surrogates in the wrong order', '\uDE00\uD83D', '\uFFFD\uFFFD'],
    ['an emoji split by a zero-width space is whole again', '\uD83D\u200B\uDE00', '😀'],
    // Found by the fuzz test: the joiner between emoji makes one picture of several.
    ['a family emoji keeps its joiners', '👨\u200D👩\u200D👧', '👨\u200D👩\u200D👧'],
    ['a joiner after a skin tone and variation selector', '❤\uFE0F\u200D🔥', '❤\uFE0F\u200D🔥'],
    ['a joiner inside a link is removed', 'https://item.jd.com/1000380\u200D04359.html', 'https://item.jd.com/100038004359.html'],
    ['a joiner between letters is removed', 'a\u200Db', 'ab'],
    ['a joiner at an emoji’s end is removed', '👍\u200D', '👍'],
  ])('%s', (_what, input, expected) => {
    expect(normalizeChatText(input)).toBe(expected)
  })

  it('every link case parses to the same links after normalizing', () => {
    const changed = LINK_CASES.filter(({ text }) => JSON.stringify(parseLinks(normalizeChatText(text))) !== JSON.stringify(parseLinks(text)))
    expect(changed.map((c) => c.name)).toEqual([])
  })
})
