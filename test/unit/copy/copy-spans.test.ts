import { describe, expect, it } from 'vitest'
import type { CopySpan } from '../../../src/links/copy-span.js'
import { findCopySpans } from '../../../src/links/find-copy-spans.js'
import { parseLinks } from '../../../src/links/parse-links.js'
import { replaceSpans } from '../../../src/links/replace-spans.js'
import { LINK_CASES } from '../../fixtures/link-cases.js'

/** A readable stand-in for "our link" per span, so a table row shows exactly what was found and where. */
function label(span: CopySpan): string {
  if (span.kind === 'foreign') return '[X]'
  const { link } = span
  if ('itemId' in link) return `<${link.platform}:${link.itemId}>`
  if (link.kind === 'code') return `<tb口令:${link.code}>`
  return `<${link.platform}短链:${link.url}>`
}

function rewrite(text: string): string {
  return replaceSpans(text, findCopySpans(text), (span) => ({ text: label(span), isLink: span.kind === 'link' }))
}

/** Real-looking 线报 copy texts (several platforms, every 口令 style, short links, emoji, line breaks) → what the rewriter makes of them. */
const COPY_CASES: readonly { name: string; copy: string; rewritten: string }[] = [
  {
    name: 'three platforms, one block each, emoji and separators kept',
    copy: [
      '【京东】🔥补水面膜20片 到手9.9',
      '👉https://u.jd.com/AbC1234',
      '—————',
      '【拼多多】纸巾24包 券后12.8',
      'https://p.pinduoduo.com/xYz9kLm',
      '【淘宝】零食大礼包',
      '￥Smh4X47XhR9￥ CZ3457',
    ].join('\n'),
    rewritten: [
      '【京东】🔥补水面膜20片 到手9.9',
      '👉<jd短链:https://u.jd.com/AbC1234>',
      '—————',
      '【拼多多】纸巾24包 券后12.8',
      '<pdd短链:https://p.pinduoduo.com/xYz9kLm>',
      '【淘宝】零食大礼包',
      '<tb口令:Smh4X47XhR9> CZ3457',
    ].join('\n'),
  },
  {
    name: '口令 in € / brackets / slashes and beside a scene code',
    copy: '7€E1UAbOaNcwP€/ 和(anzcb3FYCKxj)还有/Smh4X47XhR9/以及 9👈Qw3rTy7UiOp CZ0001',
    rewritten: '7<tb口令:E1UAbOaNcwP>/ 和<tb口令:anzcb3FYCKxj>还有<tb口令:Smh4X47XhR9>以及 9👈<tb口令:Qw3rTy7UiOp> CZ0001',
  },
  {
    name: 's.click.taobao.com, a schemeless yangkeduo link and a full-stop after a link',
    copy: '点击 https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc 领券，然后 mobile.yangkeduo.com/goods.html?goods_id=123456789 或 https://mobile.yangkeduo.com/goods.html?goods_id=987654321&_x=1。',
    rewritten:
      '点击 <taobao短链:https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc> 领券，然后 <pdd:123456789> 或 <pdd:987654321>。',
  },
  {
    name: "a competitor's short links, with and without a scheme, are foreign",
    copy: '竞品 https://y-03.cn/abc123 和 t.cn/A6xYz 还有 http://example.com\n京东 https://item.jd.com/100038004359.html',
    rewritten: '竞品 [X] 和 [X] 还有 [X]\n京东 <jd:100038004359>',
  },
  {
    name: 'a redirect wrapping a product link is one foreign URL',
    copy: '抢👉https://link.competitor.com/go?u=https%3A%2F%2Fitem.jd.com%2F100038004359.html 手慢无',
    rewritten: '抢👉[X] 手慢无',
  },
  {
    name: 'a look-alike host is foreign',
    copy: '【京东】https://item.jd.com.evil.example/100038004359.html',
    rewritten: '【京东】[X]',
  },
  {
    name: 'two links back to back are two spans',
    copy: 'https://item.jd.com/100038004359.htmlhttps://u.jd.com/Zz9Yy8',
    rewritten: '<jd:100038004359><jd短链:https://u.jd.com/Zz9Yy8>',
  },
  {
    name: 'two 口令 share the sign between them',
    copy: '￥AbC123dEfG￥XyZ456hIjK￥',
    rewritten: '<tb口令:AbC123dEfG><tb口令:XyZ456hIjK>',
  },
  {
    name: 'the same link twice is replaced twice',
    copy: '第一件 https://u.jd.com/AbC1234\n第二件同款 https://u.jd.com/AbC1234',
    rewritten: '第一件 <jd短链:https://u.jd.com/AbC1234>\n第二件同款 <jd短链:https://u.jd.com/AbC1234>',
  },
  {
    name: 'a Taobao share text: its short link and its 口令 are both replaced',
    copy: '【淘宝】https://m.tb.cn/h.5kLmN2p?tk=Smh4X47XhR9 CZ3457 「零食大礼包」点击链接直接打开 或 ￥Qw3rTy7UiOp￥',
    rewritten: '【淘宝】<taobao短链:https://m.tb.cn/h.5kLmN2p?tk=Smh4X47XhR9> CZ3457 「零食大礼包」点击链接直接打开 或 <tb口令:Qw3rTy7UiOp>',
  },
  {
    name: 'a Taobao share text whose 口令 is also its short link’s tk: one link, replaced in both places',
    copy: '【淘宝】https://m.tb.cn/h.5kLmN2p?tk=Smh4X47XhR9 CZ3457 「零食大礼包」 复制￥Smh4X47XhR9￥打开',
    rewritten:
      '【淘宝】<taobao短链:https://m.tb.cn/h.5kLmN2p?tk=Smh4X47XhR9> CZ3457 「零食大礼包」 复制<taobao短链:https://m.tb.cn/h.5kLmN2p?tk=Smh4X47XhR9>打开',
  },
  {
    name: 'no link: unchanged',
    copy: '今天没有好价，明天见~ 😀\n价格 1.5/2 件',
    rewritten: '今天没有好价，明天见~ 😀\n价格 1.5/2 件',
  },
]

describe(findCopySpans.name, () => {
  it.each(COPY_CASES)('$name', ({ copy, rewritten }) => {
    expect(rewrite(copy)).toBe(rewritten)
  })

  it('returns sorted, non-overlapping spans', () => {
    for (const { copy } of COPY_CASES) {
      const spans = findCopySpans(copy)
      spans.forEach((span, i) => {
        expect(span.end).toBeGreaterThan(span.start)
        expect(span.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0)
      })
    }
  })

  // Whatever the product parser converts in a pasted message must be a link span of the copy, so it is never left behind.
  it.each(LINK_CASES)('covers every link the parser finds: $name', ({ text }) => {
    const spanLinks = findCopySpans(text).flatMap((span) => (span.kind === 'link' ? [JSON.stringify(span.link)] : []))
    for (const link of parseLinks(text, 100)) expect(spanLinks).toContain(JSON.stringify(link))
  })

  // The pure finder does not rely on 转链's size limit: 1 MB of hostile text stays fast (back-to-back links were quadratic once).
  it.each([
    ['links and 口令', '好价 https://item.jd.com/100038004359.html ￥Smh4X47XhR9￥ '.repeat(20_000)],
    ['back-to-back links', 'https://a.cn/x'.repeat(75_000)],
    ['one endless URL', `https://a.cn/${'x'.repeat(1_000_000)}`],
    ['bare hosts', 'a.cn/'.repeat(200_000)],
  ])('1 MB of %s in well under a few seconds', (_name, text) => {
    const started = performance.now()
    expect(findCopySpans(text).length).toBeGreaterThan(0)
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('leaves no http(s) URL behind in any table case', () => {
    for (const { text } of [...LINK_CASES, ...COPY_CASES.map((c) => ({ text: c.copy }))]) {
      expect(replaceSpans(text, findCopySpans(text), () => ({ text: '★', isLink: false }))).not.toMatch(/https?:\/\/|https?%3a%2f%2f/i)
    }
  })
})

describe(replaceSpans.name, () => {
  const OURS = 'https://r.example/s/K7M2QX'
  // A link that replaces something glued to URL characters would read as one longer URL: it is set apart by a space.
  it.each([
    ['7€E1UAbOaNcwP€/ 抢', `7 ${OURS} / 抢`],
    ['abc.https://p.pinduoduo.com/xYz9kLm', `abc. ${OURS}`],
    ['https://item.jd.com/100038004359.htmlhttps://u.jd.com/Zz9Yy8', `${OURS} ${OURS}`],
    ['￥AbC123dEfG￥XyZ456hIjK￥', `${OURS} ${OURS}`],
    ['👉https://u.jd.com/AbC1234\n下单', `👉${OURS}\n下单`],
  ])('%j', (copy, expected) => {
    expect(replaceSpans(copy, findCopySpans(copy), () => ({ text: OURS, isLink: true }))).toBe(expected)
  })

  it('puts a marker in place without spacing', () => {
    const copy = '抢https://y-03.cn/abc123。'
    expect(replaceSpans(copy, findCopySpans(copy), () => ({ text: '[此链接无法转换]', isLink: false }))).toBe('抢[此链接无法转换]。')
  })
})
